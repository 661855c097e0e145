import { dropRunResources } from '../../libs/testing/src/run-resources';
import { type E2eState } from './e2e.global-setup';

/** Stops the run's processes (SIGTERM, so their graceful shutdown runs) and removes what the run created. */
export default async function teardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)['__MG_E2E__'] as E2eState | undefined;
  if (!state) return;
  await Promise.all(
    Object.values(state.children).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (!child || child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  const problems = await dropRunResources(
    { adminDatabaseUrl: state.adminDatabaseUrl, redisUrl: state.settings.redisUrl, kafkaBrokers: state.settings.kafkaBrokers.split(',') },
    state.names,
  );
  state.certificates.remove();
  if (problems.length) process.stdout.write(`e2e cleanup left: ${problems.join('; ')}\n`);
  await state.stopInfra();
}
