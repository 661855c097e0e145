import { SERVICES } from './stack';
import { STACK_PIDS } from './stack-env';

/** `npm run down` (services part): stops every service `npm run up` started, gateway first. */
async function main(): Promise<void> {
  for (const service of [...SERVICES].reverse()) {
    const pid = STACK_PIDS.running(service);
    if (!pid) continue;
    const how = await STACK_PIDS.stop(service);
    process.stdout.write(`[down] ${service} (pid ${pid}) ${how}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[down] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
