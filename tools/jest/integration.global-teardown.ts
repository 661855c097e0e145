import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Infrastructure } from '../../libs/testing/src/infrastructure';
import { type RunNames } from '../../libs/testing/src/run-id';
import { dropRunResources } from '../../libs/testing/src/run-resources';

export default async function teardown(): Promise<void> {
  const stateFile = join(__dirname, '../../.local/test-state', `integration-${process.pid}.json`);
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { names: RunNames; infra: Infrastructure };
  const problems = await dropRunResources(state.infra, state.names);
  if (problems.length) process.stdout.write(`integration cleanup left: ${problems.join('; ')}\n`);
  await ((globalThis as Record<string, unknown>)['__MG_INFRA__'] as Infrastructure | undefined)?.stop();
  rmSync(stateFile, { force: true });
}
