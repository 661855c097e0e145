import { Writable } from 'node:stream';
import { createLogger } from '../logging';
import { contextFromHeaders, contextFromTraceparent, currentTraceparent, inSpan, injectTraceContext } from './trace-context';
import { startTracing, type TracingHandle, tracingEnabled } from './tracing';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('tracing with an endpoint', () => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ service: 'test', level: 'info', destination: stream, traceIds: true });
  const lines = (): Record<string, unknown>[] => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  // Nothing listens there: exports fail quietly (a warning through the process logger).
  let handle: TracingHandle;

  beforeAll(async () => {
    handle = await startTracing({ service: 'test', logger, env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' } });
  });

  afterAll(() => handle.shutdown());

  it('is on, and a span is active inside inSpan: its traceparent, and its ids on log lines', async () => {
    expect(handle.enabled).toBe(true);
    expect(tracingEnabled()).toBe(true);
    const traceparent = await inSpan('work', {}, async () => {
      logger.info('inside');
      return currentTraceparent();
    });
    const [, traceId, spanId] = TRACEPARENT.exec(traceparent ?? '') ?? [];
    expect(traceId).toBeDefined();
    const inside = lines().find((l) => l['msg'] === 'inside');
    expect(inside).toMatchObject({ trace_id: traceId, span_id: spanId });
    expect(currentTraceparent()).toBeUndefined();
  });

  it('continues a stored traceparent and incoming headers (Buffers, as Kafka gives them) in the same trace', async () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const fromRow = await inSpan('from a row', { parent: contextFromTraceparent(parent) }, async () => currentTraceparent());
    expect(TRACEPARENT.exec(fromRow!)?.[1]).toBe('0af7651916cd43dd8448eb211c80319c');
    const fromHeaders = await inSpan('from headers', { parent: contextFromHeaders({ traceparent: Buffer.from(parent) }) }, async () => {
      const headers: Record<string, string> = {};
      injectTraceContext(headers);
      return headers['traceparent'];
    });
    expect(TRACEPARENT.exec(fromHeaders!)?.[1]).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(fromHeaders).not.toBe(parent);
  });

  it('marks a failed span and rethrows', async () => {
    await expect(inSpan('fails', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
