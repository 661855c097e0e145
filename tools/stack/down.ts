import { runningPid, stopPid } from './pid-files';
import { SERVICES } from './stack';

/** `npm run down` (services part): stops every service `npm run up` started, gateway first. */
async function main(): Promise<void> {
  for (const service of [...SERVICES].reverse()) {
    const pid = runningPid(service);
    if (!pid) continue;
    const how = await stopPid(service, pid);
    process.stdout.write(`[down] ${service} (pid ${pid}) ${how}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[down] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
