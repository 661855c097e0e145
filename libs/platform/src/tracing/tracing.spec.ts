import { Writable } from 'node:stream';
import { createLogger } from '../logging';
import { currentTraceparent, inSpan, NOOP_SPAN } from './trace-context';
import { otlpTracesEndpoint, startTracing, tracingEnabled } from './tracing';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('otlpTracesEndpoint', () => {
  it.each([
    [{}, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' }, 'http://b:4318/custom'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_SDK_DISABLED: 'true' }, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_TRACES_EXPORTER: 'none' }, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, undefined],
  ])('%j → %s', (env, expected) => {
    expect(otlpTracesEndpoint(env as NodeJS.ProcessEnv)).toBe(expected);
  });
});

describe('tracing without an endpoint', () => {
  it('starts no SDK: nothing is traced, no ids on log lines, work runs with the no-op span', async () => {
    const out = capture();
    const logger = createLogger({ service: 'test', level: 'info', destination: out.stream });
    const handle = await startTracing({ service: 'test', logger, env: {} });
    expect(handle.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
    const result = await inSpan('work', {}, async (span) => {
      expect(span).toBe(NOOP_SPAN);
      expect(currentTraceparent()).toBeUndefined();
      logger.info('inside');
      return 42;
    });
    expect(result).toBe(42);
    expect(out.lines()[0]).not.toHaveProperty('trace_id');
  });
});
