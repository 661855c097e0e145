import { Agent, request } from 'node:http';
import type { StreamingResults, StreamSide } from './results';
import { summarize } from './stats';

/** One streamed chat completion, timed from the moment the request is sent. */
export interface StreamTiming {
  /** Response headers received. */
  headersMs: number;
  /** First byte of the body (the first SSE event). */
  firstByteMs: number;
  /** End of the response. */
  lastByteMs: number;
  /** `data:` events received, `[DONE]` included. */
  events: number;
  status: number;
  done: boolean;
}

/** Counts SSE `data:` events in a complete body and tells whether it ended with `[DONE]`. */
export function countSseEvents(body: string): { events: number; done: boolean } {
  let events = 0;
  for (const line of body.split('\n')) if (line.startsWith('data:')) events += 1;
  return { events, done: /data: ?\[DONE\]\s*$/.test(body) };
}

/** Sends one streamed request over a keep-alive agent and times headers, first and last byte. */
export function timeStream(agent: Agent, url: string, authorization: string, body: string, timeoutMs = 30_000): Promise<StreamTiming> {
  return new Promise<StreamTiming>((resolve, reject) => {
    const target = new URL(url);
    const payload = Buffer.from(body);
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'content-length': payload.length, accept: 'text/event-stream' },
        timeout: timeoutMs,
      },
      (res) => {
        const headersAt = process.hrtime.bigint();
        let firstAt: bigint | undefined;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          firstAt ??= process.hrtime.bigint();
          chunks.push(chunk);
        });
        res.once('error', reject);
        res.once('end', () => {
          const endAt = process.hrtime.bigint();
          const ms = (at: bigint): number => Number(at - start) / 1e6;
          const { events, done } = countSseEvents(Buffer.concat(chunks).toString('utf8'));
          resolve({ headersMs: ms(headersAt), firstByteMs: ms(firstAt ?? endAt), lastByteMs: ms(endAt), events, status: res.statusCode ?? 0, done });
        });
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.once('error', reject);
    const start = process.hrtime.bigint();
    req.end(payload);
  });
}

export interface StreamingOptions {
  iterations: number;
  warmup: number;
  chunks: number;
  chunkDelayMs: number;
  direct: { url: string; authorization: string; model: string };
  gateway: { url: string; authorization: string; model: string };
  /** The bare Node.js proxy (bench/src/reference-proxy.ts) in front of the mock: the floor the gateway's stream is judged against. */
  nodeProxy?: { url: string; authorization: string; model: string };
  log: (line: string) => void;
}

type StreamPath = 'direct' | 'node-proxy' | 'gateway';

function side(timings: StreamTiming[], failures: number): StreamSide {
  return {
    headersMs: summarize(timings.map((t) => t.headersMs)),
    firstByteMs: summarize(timings.map((t) => t.firstByteMs)),
    lastByteMs: summarize(timings.map((t) => t.lastByteMs)),
    events: timings.length ? Math.min(...timings.map((t) => t.events)) : 0,
    failures,
  };
}

/**
 * Scenario 2: the same spaced stream straight from the mock, through the bare Node.js
 * proxy (when given) and through the gateway, one of each per iteration in turn so that
 * all see the same machine, each path over a keep-alive connection of its own.
 */
export async function runStreamingScenario(o: StreamingOptions): Promise<StreamingResults> {
  const paths = new Map<StreamPath, { url: string; authorization: string; model: string }>([['direct', o.direct]]);
  if (o.nodeProxy) paths.set('node-proxy', o.nodeProxy);
  paths.set('gateway', o.gateway);
  const agents = new Map([...paths.keys()].map((name) => [name, new Agent({ keepAlive: true, maxSockets: 1 })]));
  const body = (model: string): string => JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Stream me two hundred words' }] });
  const timings = new Map<StreamPath, StreamTiming[]>([...paths.keys()].map((name) => [name, []]));
  const failures = new Map<StreamPath, number>([...paths.keys()].map((name) => [name, 0]));
  // A complete stream is the role chunk, the content chunks, the finish chunk and [DONE].
  const expectedEvents = o.chunks + 3;
  try {
    for (let i = 0; i < o.warmup + o.iterations; i++) {
      for (const [name, target] of paths) {
        let timing: StreamTiming | undefined;
        try {
          timing = await timeStream(agents.get(name)!, target.url, target.authorization, body(target.model));
        } catch (error) {
          o.log(`  ${name} stream failed: ${(error as Error).message}`);
        }
        if (i < o.warmup) continue;
        if (!timing || timing.status !== 200 || !timing.done || timing.events < expectedEvents) {
          failures.set(name, failures.get(name)! + 1);
          if (timing) o.log(`  ${name} stream incomplete: status ${timing.status}, ${timing.events} events, done ${timing.done}`);
          continue;
        }
        timings.get(name)!.push(timing);
      }
    }
  } finally {
    for (const agent of agents.values()) agent.destroy();
  }
  const result = (name: StreamPath): StreamSide => side(timings.get(name)!, failures.get(name)!);
  const direct = result('direct');
  const gateway = result('gateway');
  const nodeProxy = o.nodeProxy ? result('node-proxy') : undefined;
  return {
    iterations: o.iterations,
    chunks: o.chunks,
    chunkDelayMs: o.chunkDelayMs,
    direct,
    gateway,
    firstByteDeltaP50Ms: gateway.firstByteMs.p50 - direct.firstByteMs.p50,
    lastByteDeltaP50Ms: gateway.lastByteMs.p50 - direct.lastByteMs.p50,
    ...(nodeProxy && {
      nodeProxy,
      overNodeProxy: { firstByteP50Ms: gateway.firstByteMs.p50 - nodeProxy.firstByteMs.p50, lastByteP50Ms: gateway.lastByteMs.p50 - nodeProxy.lastByteMs.p50 },
    }),
  };
}
