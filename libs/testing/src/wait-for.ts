/** Node-only imports, so Jest's global setups and the benchmark can load this file by path. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitForOptions {
  /**
   * Keep polling when the probe throws (a service that is still starting refuses
   * connections); its last error ends up in the timeout message. Without it, an error
   * fails the wait at once.
   */
  retryOnError?: boolean;
}

/**
 * Polls `probe` every `everyMs` until it returns something other than `undefined` or
 * `false`, and returns that; fails after `timeoutMs` with "timed out after N ms waiting
 * for <what>". The one polling helper of the test tiers, the reliability tier and the
 * stack scripts.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 100,
  options: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (!options.retryOnError) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(Math.max(0, Math.min(everyMs, deadline - Date.now())));
  }
}

/**
 * Retries `check` until it does not throw (an assertion that becomes true) and returns
 * its value; after `timeoutMs` its last error is thrown, so the test reports what was
 * still wrong. For "until true" probes use `waitFor`.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await sleep(Math.max(0, Math.min(everyMs, deadline - Date.now())));
    }
  }
}
