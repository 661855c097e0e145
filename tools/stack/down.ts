import { replicaName, SERVICES } from './stack';
import { MAX_REPLICAS, STACK_PIDS } from './stack-env';

/**
 * `npm run down` (services part): stops every process `npm run up` started: nginx
 * first (no new requests reach the replicas), then every replica of each service,
 * gateways before what they call.
 */
async function main(): Promise<void> {
  const names = ['nginx', ...[...SERVICES].reverse().flatMap((service) => Array.from({ length: service === 'mock-provider' ? 1 : MAX_REPLICAS }, (_, replica) => replicaName(service, replica)))];
  for (const name of names) {
    const pid = STACK_PIDS.running(name);
    if (!pid) continue;
    const how = await STACK_PIDS.stop(name);
    process.stdout.write(`[down] ${name} (pid ${pid}) ${how}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[down] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
