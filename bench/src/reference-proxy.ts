import { createServer } from 'node:http';
import { Agent } from 'undici';

/**
 * The floor of a Node.js gateway on this machine: node:http in, undici out, the
 * JSON body parsed, its model rewritten and sent on with the upstream's key, the
 * answer read whole and parsed (as the gateway does to count usage) and written back.
 * No auth, cache, rules, metrics, logs or usage events. The benchmark runs it beside
 * nginx and the gateway, so the gateway's cost can be split into what any Node.js
 * proxy pays and what the gateway adds.
 *
 * Usage: node reference-proxy.js <upstream origin> <upstream key> <model>
 * Prints {"url": "..."} once listening on a free loopback port.
 */
const [origin, key, model] = process.argv.slice(2);
if (!origin || !key || !model) {
  process.stderr.write('usage: reference-proxy.js <upstream origin> <upstream key> <model>\n');
  process.exit(2);
}
const agent = new Agent({ keepAliveTimeout: 4_000, connections: 64 });

const server = createServer((req, res) => {
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
        const parts: Buffer[] = [];
        for await (const part of upstream.body) parts.push(part as Buffer);
        const answer = Buffer.concat(parts);
        JSON.parse(answer.toString('utf8'));
        res.writeHead(upstream.statusCode, { 'content-type': 'application/json', 'content-length': answer.length });
        res.end(answer);
      } catch {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"reference proxy: upstream call failed"}}');
      }
    })();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void agent.close().finally(() => process.exit(0));
  server.closeAllConnections();
});
