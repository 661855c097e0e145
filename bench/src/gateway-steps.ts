import { type ProfileStep } from './cpuprofile';

/**
 * The gateway's request path as steps, for `--profile` (`bySteps`): a sample counts for
 * the first step, in this order, with a frame on its stack. Accounting runs inside the
 * answer's last write and metrics inside accounting, so they come first: what is left to
 * "answer" and "upstream" is what a bare proxy does too (parse, write, call, read).
 * Frames are matched as the summary names them: `fn (dist/apps/...:line)`, `fn (undici/...)`.
 */
export const GATEWAY_PROFILE_STEPS: readonly ProfileStep[] = [
  {
    name: 'usage event: settle, serialise, journal, publish to Kafka',
    frames: /dist\/apps\/gateway\/src\/usage\/|dist\/libs\/platform\/src\/kafka\/|\(kafkajs\//,
  },
  {
    name: 'metrics, access log, tracing',
    frames: /dist\/apps\/gateway\/src\/metrics\/|dist\/libs\/platform\/src\/(metrics|logging|tracing)\/|\((prom-client|pino|@opentelemetry\/[^/]+)\//,
  },
  {
    name: 'answer: parse it (usage), write it to the client',
    frames: /dist\/apps\/gateway\/src\/inference\/(answer-relay\.service|sse-relay|stream-assembler\.util)\.js|^sendJson \(/,
  },
  {
    name: 'upstream call: build the body, undici, read the answer',
    frames: /dist\/apps\/gateway\/src\/upstream\/|dist\/libs\/providers\/|\(undici\/|^wasm-function/,
  },
  {
    name: 'admission and resolution: key, limits, model, rules, budgets',
    frames: /dist\/apps\/gateway\/src\/(auth|resolution|catalogue|budgets|cache)\/|dist\/apps\/gateway\/src\/inference\/(request-rules|request-options|region-policy)\.util\.js|dist\/libs\/platform\/src\/(http|rate-limit)\/|\(ipaddr\.js\//,
  },
  {
    name: 'request: read and parse the body, route, orchestrate',
    frames: /dist\/apps\/gateway\/src\/(http|inference|lifecycle)\/|\(node:_http_(server|common|incoming)/,
  },
  { name: 'garbage collector', frames: /^\(garbage collector\)$/ },
];
