import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Agent } from 'undici';
import { type UsageFacts, UsageDuty } from './reference-usage';

/**
 * The floor of a Node.js gateway on this machine: node:http in, undici out, the
 * JSON body parsed, its model rewritten and sent on with the upstream's key, the
 * answer read whole and parsed (as the gateway does to count usage) and written back;
 * a stream (`"stream": true`) written on chunk by chunk as it arrives.
 * No auth, cache, rules, metrics, logs or usage events. The benchmark runs it beside
 * nginx and the gateway, so the gateway's cost can be split into what any Node.js
 * proxy pays and what the gateway adds.
 *
 * With Kafka brokers, a topic and a journal directory it also does the design's
 * per-request duty (`node-proxy-usage`): the caller's bearer key looked up in memory
 * (401 when unknown) and one usage event per answer, journaled and published to Kafka
 * (bench/src/reference-usage.ts), so what remains between it and the gateway is the
 * gateway's own.
 *
 * Usage: node reference-proxy.js <upstream origin> <upstream key> <model> [<kafka brokers> <usage topic> <journal dir>]
 * Prints {"url": "..."} once listening on a free loopback port.
 */
const [origin, key, model, brokers, topic, journalDir] = process.argv.slice(2);
if (!origin || !key || !model || (brokers !== undefined && (!topic || !journalDir))) {
  process.stderr.write('usage: reference-proxy.js <upstream origin> <upstream key> <model> [<kafka brokers> <usage topic> <journal dir>]\n');
  process.exit(2);
}
const agent = new Agent({ keepAliveTimeout: 4_000, connections: 64 });
/** The keys this proxy accepts (the benchmark calls it with the upstream's): the gateway's in-process key cache, warm. */
const callers = new Map([[`Bearer ${key}`, { workspaceId: randomUUID(), apiKeyId: randomUUID() }]]);
const modelId = randomUUID();
let usage: UsageDuty | undefined;

const server = createServer((req, res) => {
  const started = performance.now();
  const caller = usage === undefined ? undefined : callers.get(req.headers.authorization ?? '');
  if (usage !== undefined && caller === undefined) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"reference proxy: unknown API key"}}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        body['model'] = model;
        const upstream = await agent.request({
          origin,
          path: '/v1/chat/completions',
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (body['stream'] === true) {
          // A stream goes through as it comes: headers once the upstream's arrive, each chunk as read.
          res.writeHead(upstream.statusCode, { 'content-type': String(upstream.headers['content-type'] ?? 'text/event-stream'), 'cache-control': 'no-cache' });
          res.flushHeaders();
          for await (const part of upstream.body) res.write(part as Buffer);
          res.end();
          return;
        }
        const parts: Buffer[] = [];
        for await (const part of upstream.body) parts.push(part as Buffer);
        const answer = Buffer.concat(parts);
        const parsed = JSON.parse(answer.toString('utf8')) as { usage?: { prompt_tokens?: number; completion_tokens?: number } };
        if (usage !== undefined && caller !== undefined) usage.record(facts(caller, upstream.statusCode, parsed.usage, started));
        res.writeHead(upstream.statusCode, { 'content-type': 'application/json', 'content-length': answer.length });
        res.end(answer);
      } catch {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"reference proxy: upstream call failed"}}');
      }
    })();
  });
});
server.keepAliveTimeout = 65_000;
void (async () => {
  try {
    if (brokers !== undefined) usage = await UsageDuty.start(brokers.split(','), topic!, journalDir!);
  } catch (error) {
    process.stderr.write(`reference proxy: Kafka producer did not start: ${String(error)}\n`);
    process.exit(1);
  }
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address === 'object' && address) process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
  });
})();
process.on('SIGTERM', () => {
  server.close();
  void Promise.all([agent.close(), usage?.stop()]).finally(() => process.exit(0));
  server.closeAllConnections();
});

function facts(caller: { workspaceId: string; apiKeyId: string }, status: number, tokens: { prompt_tokens?: number; completion_tokens?: number } | undefined, started: number): UsageFacts {
  const inputTokens = tokens?.prompt_tokens ?? 0;
  const outputTokens = tokens?.completion_tokens ?? 0;
  return { ...caller, modelId, modelRef: model!, status, inputTokens, outputTokens, costUsd: (inputTokens * 0.15 + outputTokens * 0.6) / 1e6, latencyMs: Math.round(performance.now() - started) };
}
