/**
 * What the benchmark takes from the stack launcher of `npm run up` (tools/stack): its
 * settings, pid files and spawn helpers, so that a gateway the benchmark starts runs
 * exactly as the stack's does. tools/ is not a library with an import alias, hence
 * the relative imports, kept to this one file.
 */
/* eslint-disable @nx/enforce-module-boundaries -- tools/stack is the launcher, not a library; see above */
export { runningPid } from '../../tools/stack/pid-files';
export { localStackSettings, readEnvFile, STACK_ENV_FILE } from '../../tools/stack/stack-env';
export { entryPoint, freePort, serviceEnvironment, waitUntilReady, WORKSPACE_ROOT } from '../../tools/stack/stack';
/* eslint-enable @nx/enforce-module-boundaries */
