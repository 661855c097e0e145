import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * What a browser test file does around its page: screenshots, waiting for text the
 * page updates by itself, and steps that leave a screenshot behind when they fail.
 */
export interface PageSteps {
  shot: (name: string) => Promise<string>;
  waitForText: (locator: Locator, text: string | RegExp, timeout?: number) => Promise<string>;
  step: (name: string, body: () => Promise<void>, timeout?: number) => void;
}

export function pageSteps(options: { page: () => Page; shots: () => string; label: string; wait: number }): PageSteps {
  const shot = async (name: string): Promise<string> => {
    const page = options.page();
    const path = join(options.shots(), `${name}.png`);
    // Toasts come and go; the sticky header belongs at the top of a full-page picture.
    await page.evaluate(() => {
      document.querySelectorAll<HTMLButtonElement>('.toast__close').forEach((b) => b.click());
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path, fullPage: true });
    return path;
  };

  const waitForText = async (locator: Locator, text: string | RegExp, timeout = options.wait): Promise<string> => {
    // `attached`, not `visible`: an <option> or <optgroup> is never visible.
    await locator.first().waitFor({ state: 'attached', timeout });
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      last = (await locator.first().textContent()) ?? '';
      if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
      await options.page().waitForTimeout(100);
    }
    throw new Error(`expected ${String(text)} in ${JSON.stringify(last)}`);
  };

  const step = (name: string, body: () => Promise<void>, timeout?: number): void => {
    it(
      name,
      async () => {
        try {
          await body();
        } catch (error) {
          const page = options.page();
          const file = join(options.shots(), `FAILED-${name.replace(/\W+/g, '-').slice(0, 60)}.png`);
          await page?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          process.stderr.write(`${options.label} e2e: "${name}" failed at ${page?.url()}; screenshot ${file}\n`);
          throw error;
        }
      },
      timeout,
    );
  };

  return { shot, waitForText, step };
}

/** Signs in at the studio with a workspace key and waits for the garden. */
export async function signIn(page: Page, studioUrl: string, apiKey: string): Promise<void> {
  await page.goto(studioUrl);
  await page.getByLabel('Workspace API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Model Garden', level: 1 }).waitFor();
}
