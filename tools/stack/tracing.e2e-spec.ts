import { randomBytes } from 'node:crypto';
import { type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type CreateWorkspaceResponse, type ModelView } from '@model-garden/contracts';
import { createRunDatabase, dropRunResources, newRunId, runNames, waitFor } from '@model-garden/testing';
import { freePort, freshStackBasics, logFile, migrate, type ServiceName, spawnService, type StackSettings, serviceUrl, waitUntilReady } from './stack';

/**
 * Tracing end to end: a stack of its own (registry, validator, gateway, mock provider)
 * configured only by OTEL_* variables to export OTLP/HTTP (JSON) to a receiver in this
 * test process. One model add must be one trace across the registry, Kafka, the
 * validator, its BullMQ job, the probes and back; one streamed chat call one trace
 * with the GenAI attributes, a span per upstream attempt, and no prompt text.
 */

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number };
}

const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
const VALIDATED = 'model-garden.model.validated';

/** An OTLP/HTTP trace receiver (JSON encoding, as @opentelemetry/exporter-trace-otlp-http sends). */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  readonly bodies: string[] = [];
  private server: Server | undefined;

  async start(port: number): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let raw = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
        if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).includes('application/json')) {
          res.writeHead(415).end();
          return;
        }
        const text = raw.toString('utf8');
        this.bodies.push(text);
        this.collect(JSON.parse(text) as OtlpExport);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  trace(traceId: string): ExportedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  private collect(body: OtlpExport): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service: String(resource['service.name']),
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            attributes: attributesOf(span.attributes),
            status: span.status ?? {},
          });
        }
      }
    }
  }
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: OtlpAttribute['value'][] } };
}
interface OtlpExport {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttribute[]; status?: { code?: number } }[] }[] }[];
}

function valueOf(value: OtlpAttribute['value']): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

function attributesOf(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((a) => [a.key, valueOf(a.value)]));
}

const RUN = newRunId();
const PROMPT = `tracing-e2e-prompt-${randomBytes(6).toString('hex')}`;

describe('tracing end to end (OTLP/HTTP to a receiver in the test)', () => {
  const receiver = new OtlpReceiver();
  const children: ChildProcess[] = [];
  let settings: StackSettings;
  let names: ReturnType<typeof runNames>;
  let workspaceKey: string;
  let model: ModelView;

  const call = async <T>(method: string, url: string, token: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };

  const byId = (spans: ExportedSpan[]): Map<string, ExportedSpan> => new Map(spans.map((s) => [s.spanId, s]));
  /** The one span of a trace matching, failing with the trace's span names when there is not exactly one. */
  const one = (spans: ExportedSpan[], what: string, match: (s: ExportedSpan) => boolean): ExportedSpan => {
    const found = spans.filter(match);
    if (found.length !== 1) throw new Error(`${what}: ${found.length} spans in ${JSON.stringify(spans.map((s) => `${s.service}:${s.name}`))}`);
    return found[0];
  };

  beforeAll(async () => {
    const otlpPort = await freePort();
    await receiver.start(otlpPort);
    names = runNames('e2e', `${RUN}tr`);
    const databaseUrl = await createRunDatabase(process.env['E2E_DATABASE_URL']!, names);
    const otel = (service: string): Record<string, string> => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_SERVICE_NAME: service,
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_RESOURCE_ATTRIBUTES: `deployment.environment.name=e2e,test.run=${RUN}`,
    });
    settings = {
      host: '127.0.0.1',
      ...(await freshStackBasics('e2e-tracing')),
      databaseUrl,
      databaseSchema: 'public',
      redisUrl: process.env['E2E_REDIS_URL']!,
      redisPrefix: names.redisPrefix,
      kafkaBrokers: process.env['E2E_KAFKA_BROKERS']!,
      kafkaTopicPrefix: names.kafkaTopicPrefix,
      kafkaGroupPrefix: names.kafkaGroupPrefix,
      outboundAllowlist: '127.0.0.1:*,localhost:*',
      logLevel: 'info',
      nodeEnv: 'test',
      logDir: join(process.env['E2E_LOG_DIR']!, 'tracing'),
      overrides: {
        registry: otel('registry'),
        validator: { ...otel('validator'), VALIDATOR_PROBE_TIMEOUT_MS: '3000', VALIDATOR_ATTEMPTS: '3', VALIDATOR_BACKOFF_MS: '200', VALIDATOR_BACKOFF_MAX_MS: '1000' },
        gateway: { ...otel('gateway'), GATEWAY_RETRY_BASE_DELAY_MS: '50' },
      },
    };
    await migrate(settings);
    const start = async (service: ServiceName): Promise<void> => {
      const child = spawnService(service, settings, { detached: false });
      children.push(child);
      await waitUntilReady(service, settings, 60_000, child);
    };
    await Promise.all([start('mock-provider'), start('registry')]);
    await Promise.all([start('validator'), start('gateway')]);

    const workspace = await call<CreateWorkspaceResponse>('POST', `${serviceUrl('registry', settings)}/v1/workspaces`, settings.adminToken, { slug: `tr-${RUN}`, name: 'Tracing e2e' });
    if (workspace.status !== 201) throw new Error(`workspace: ${workspace.status} ${JSON.stringify(workspace.body)}`);
    workspaceKey = workspace.body.apiKey.key;
    const scenario = await call('POST', `${serviceUrl('mock-provider', settings)}/__mock/scenarios`, settings.mockProviderApiKey, { id: `trace-${RUN}`, base: 'mock-chat' });
    if (scenario.status !== 201) throw new Error(`scenario: ${scenario.status}`);
  }, 180_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode !== null ? undefined : new Promise((resolve) => child.once('exit', resolve)))));
    await receiver.stop();
    // Every exported span, for reading a failure.
    writeFileSync(join(settings.logDir, 'spans.json'), JSON.stringify(receiver.spans, null, 1));
    await dropRunResources(
      { adminDatabaseUrl: process.env['E2E_DATABASE_URL']!, redisUrl: settings.redisUrl, kafkaBrokers: settings.kafkaBrokers.split(',') },
      names,
    ).catch(() => undefined);
  }, 60_000);

  it('one model add is one trace: registry → Kafka → validator → BullMQ → probes → registry, each hop the child of the one before', async () => {
    const added = await call<ModelView>('POST', `${serviceUrl('registry', settings)}/v1/models?wait=30`, workspaceKey, {
      type: 'chat',
      baseUrl: `${serviceUrl('mock-provider', settings)}/v1`,
      apiKey: settings.mockProviderApiKey,
      name: 'traced',
      modelId: `trace-${RUN}`,
      key: 'traced',
      region: 'eu',
      pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 },
    });
    expect(added.status).toBe(200);
    expect(added.body.status).toBe('active');
    model = added.body;

    const request = await waitFor('the registry span of POST /v1/models', () =>
      receiver.spans.find((s) => s.service === 'registry' && s.kind === KIND.server && s.name === 'POST /v1/models'),
    );
    expect(request.parentSpanId).toBe('');
    const validationTopic = `${names.kafkaTopicPrefix}model-garden.validation.v1`;
    const modelsTopic = `${names.kafkaTopicPrefix}model-garden.models.v1`;
    // The verdict's application is the last hop: wait until its transaction has been exported.
    const spans = await waitFor(
      'the registry applying ModelValidated in the same trace',
      () => {
        const trace = receiver.trace(request.traceId);
        const verdict = trace.find((s) => s.service === 'validator' && s.kind === KIND.producer && s.attributes['cloudevents.event_type'] === VALIDATED);
        const applied = verdict && trace.find((s) => s.service === 'registry' && s.kind === KIND.consumer && s.parentSpanId === verdict.spanId);
        return applied && trace.some((s) => s.parentSpanId === applied.spanId && s.name === 'db transaction') ? trace : undefined;
      },
      30_000,
    );
    const spansById = byId(spans);
    const parentOf = (span: ExportedSpan): ExportedSpan | undefined => spansById.get(span.parentSpanId);

    const sent = one(spans, 'the outbox relay sending ModelAdded', (s) => s.service === 'registry' && s.kind === KIND.producer && s.name === `send ${modelsTopic}` && s.attributes['cloudevents.event_type'] === 'model-garden.model.added');
    // The outbox row kept the context of the transaction that wrote it.
    const transaction = parentOf(sent)!;
    expect(transaction).toMatchObject({ service: 'registry', name: 'db transaction', parentSpanId: request.spanId });
    const consumed = one(
      spans,
      'the validator consuming ModelAdded',
      (s) => s.service === 'validator' && s.kind === KIND.consumer && s.name === `process ${modelsTopic}` && s.attributes['cloudevents.event_type'] === 'model-garden.model.added',
    );
    expect(parentOf(consumed)).toBe(sent);
    const enqueued = one(spans, 'the validation job enqueued', (s) => s.service === 'validator' && s.kind === KIND.producer && s.name === 'send model-validation');
    expect(parentOf(enqueued)).toBe(consumed);
    // The attempt that published the verdict (a transient probe failure would add an earlier, retried one).
    const verdict = one(spans, 'ModelValidated sent', (s) => s.service === 'validator' && s.kind === KIND.producer && s.name === `send ${validationTopic}` && s.attributes['cloudevents.event_type'] === VALIDATED);
    const job = parentOf(verdict)!;
    expect(job).toMatchObject({ service: 'validator', kind: KIND.consumer, name: 'process model-validation' });
    expect(parentOf(job)).toBe(enqueued);
    const probes = spans.filter((s) => s.service === 'validator' && s.kind === KIND.client && s.parentSpanId === job.spanId);
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(probes.map((p) => p.attributes['url.path'])).toEqual(expect.arrayContaining(['/v1/models', '/v1/chat/completions']));
    // The registry applies it alone or in a batch with the validation's progress events: either way as the verdict's child.
    const applied = one(spans, 'the registry applying ModelValidated', (s) => s.service === 'registry' && s.kind === KIND.consumer && s.parentSpanId === verdict.spanId);
    expect(applied.name).toBe(`process ${validationTopic}`);

    // Nothing of this add started a trace of its own: every span names the request's trace.
    expect(receiver.spans.filter((s) => s.attributes['messaging.message.id'] === sent.attributes['messaging.message.id']).every((s) => s.traceId === request.traceId)).toBe(true);
    // The resource comes from OTEL_RESOURCE_ATTRIBUTES; log lines carry the ids.
    const validatorLog = readFileSync(logFile('validator', settings), 'utf8');
    expect(validatorLog).toMatch(new RegExp(`"trace_id":"${request.traceId}","span_id":"${job.spanId}".*validation published`));
  }, 90_000);

  it('one streamed chat call is one trace with GenAI attributes, a span per upstream attempt, and no prompt text', async () => {
    expect(model).toBeDefined();
    // The first upstream call fails with a 503; the gateway's retry serves the request.
    await call('POST', `${serviceUrl('mock-provider', settings)}/__mock/scenarios`, settings.mockProviderApiKey, { id: `trace-${RUN}`, base: 'mock-chat', failFirst: 1, failStatus: 503 });
    const response = await fetch(`${serviceUrl('gateway', settings)}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workspaceKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: model.ref, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] }),
    });
    expect(response.status).toBe(200);
    const streamed = await response.text();
    expect(streamed).toContain('[DONE]');

    const request = await waitFor('the gateway span of the chat call', () =>
      receiver.spans.find((s) => s.service === 'gateway' && s.kind === KIND.server && s.name === 'POST /v1/chat/completions'),
    );
    const usageTopic = `${names.kafkaTopicPrefix}model-garden.usage.v1`;
    const spans = await waitFor(
      'the registry aggregating the call’s usage in the same trace',
      () => {
        const trace = receiver.trace(request.traceId);
        return trace.some((s) => s.service === 'registry' && s.name === `process ${usageTopic}`) ? trace : undefined;
      },
      30_000,
    );
    const spansById = byId(spans);
    const parentOf = (span: ExportedSpan): ExportedSpan | undefined => spansById.get(span.parentSpanId);

    expect(request.parentSpanId).toBe('');
    expect(request.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': `trace-${RUN}`,
      'gen_ai.response.model': `trace-${RUN}`,
      'gen_ai.response.finish_reasons': ['stop'],
      'model_garden.model.ref': model.ref,
      'model_garden.workspace.id': expect.stringMatching(/./),
      'model_garden.streamed': true,
      'http.response.status_code': 200,
    });
    expect(request.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number));
    expect(request.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(request.attributes['model_garden.cost_usd']).toBeGreaterThan(0);

    const attempts = spans.filter((s) => s.service === 'gateway' && s.kind === KIND.client && s.name === `chat trace-${RUN}`);
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(parentOf(attempt)).toBe(request);
      expect(attempt.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': `trace-${RUN}`, 'model_garden.model.ref': model.ref });
      expect(typeof attempt.attributes['gen_ai.system']).toBe('string');
    }
    const [first, second] = [...attempts].sort((a, b) => Number(a.attributes['model_garden.attempt']) - Number(b.attributes['model_garden.attempt']));
    expect(first.attributes['model_garden.outcome']).toBe('failed');
    expect(first.status.code).toBe(2);
    expect(second.attributes['model_garden.outcome']).toBe('served');
    expect(second.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);

    // Key and model resolution: the registry's gRPC spans are children of the gateway's request.
    const resolutions = spans.filter((s) => s.service === 'registry' && s.kind === KIND.server && s.attributes['rpc.system'] === 'grpc');
    expect(resolutions.map((s) => s.attributes['rpc.method'])).toEqual(expect.arrayContaining(['AuthenticateApiKey', 'ResolveModel']));
    for (const resolution of resolutions) expect(parentOf(resolution)).toBe(request);
    // The usage event continues the request's trace into the registry's aggregation.
    const usageSent = one(spans, 'the usage event sent', (s) => s.service === 'gateway' && s.kind === KIND.producer && s.name === `send ${usageTopic}`);
    expect(parentOf(usageSent)).toBe(request);
    const aggregated = one(spans, 'the usage aggregated', (s) => s.service === 'registry' && s.kind === KIND.consumer && s.name === `process ${usageTopic}`);
    expect(parentOf(aggregated)).toBe(usageSent);

    // Prompt and answer text were not exported (no opt-in), in any span of any service.
    expect(receiver.bodies.some((body) => body.includes(PROMPT))).toBe(false);
    expect(receiver.bodies.join('').includes('Mock reply')).toBe(false);
  }, 90_000);
});
