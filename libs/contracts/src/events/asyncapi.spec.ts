import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  type ApiKeyRevokedData,
  type CapabilityMatrix,
  type CheckResult,
  type ModelChangedData,
  type ModelDeletedData,
  type ModelHealthChangedData,
  type ModelValidatedData,
  type UsageRecordedData,
} from '../models';
import { type DeploymentDeletedData, type DeploymentPublishedData } from '../deployments';
import { createEnvelope } from './envelope';
import { EVENT_TYPES } from './event-types';
import { TOPICS } from './topics';

/**
 * Keeps asyncapi.yaml true: its channels are the topic constants, its messages the
 * event types, and its payload schemas accept exactly the TypeScript payloads. The
 * samples are `Required<...>`, so a field added to a payload type fails to compile
 * here until the sample (and then the schema) has it too.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean;
  items?: Schema;
  allOf?: Schema[];
};
interface AsyncApi {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, { name: string; payload: Schema }>; schemas: Record<string, Schema> };
}

const doc = parse(readFileSync(join(__dirname, 'asyncapi.yaml'), 'utf8')) as AsyncApi;

function resolve(schema: Schema): Schema {
  return schema.$ref ? resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!) : schema;
}

/** Problems of `value` against `schema` (a small JSON Schema subset: what this document uses). */
function problems(schemaRef: Schema, value: unknown, path = '$'): string[] {
  const schema = resolve(schemaRef);
  if (schema.allOf) return schema.allOf.flatMap((part) => problems(part, value, path));
  const out: string[] = [];
  if (schema.const !== undefined && value !== schema.const) out.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types && !types.some((type) => type === kind || (type === 'number' && kind === 'integer'))) out.push(`${path}: expected ${types.join(' or ')}, got ${kind}`);
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => out.push(...problems(schema.items!, item, `${path}[${i}]`)));
  if (kind === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) out.push(`${path}.${key}: required by the schema`);
    for (const [key, child] of Object.entries(record)) {
      const property = schema.properties?.[key];
      if (property) out.push(...problems(property, child, `${path}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${path}.${key}: not in the schema`);
    }
    if (schema.additionalProperties === false) {
      for (const key of Object.keys(schema.properties ?? {})) if (!(key in record)) out.push(`${path}.${key}: in the schema but not in the TypeScript type`);
    }
  }
  return out;
}

const check: Required<CheckResult> = { name: 'connectivity', status: 'pass', latencyMs: 12, httpStatus: 200, code: 'ok', message: 'Reached it.' };
const capabilities: Required<CapabilityMatrix> = {
  chat: true,
  streaming: true,
  streamUsage: true,
  functionCalling: true,
  structuredOutput: false,
  vision: false,
  completion: false,
  embedding: false,
  embeddingDimension: 256,
  imageGeneration: false,
};
const changed: Required<ModelChangedData> = {
  modelId: 'm1',
  workspaceId: 'w1',
  revision: 2,
  type: 'chat',
  baseUrl: 'https://api.example.com/v1',
  upstreamModelId: 'llama',
  changed: ['baseUrl'],
};
const samples: Record<keyof typeof EVENT_TYPES, unknown> = {
  modelAdded: changed,
  modelUpdated: changed,
  modelValidationRequested: changed,
  modelDeleted: { modelId: 'm1', workspaceId: 'w1', revision: 3 } satisfies Required<ModelDeletedData>,
  modelValidated: {
    modelId: 'm1',
    workspaceId: 'w1',
    revision: 2,
    status: 'active',
    checks: [check],
    capabilities,
    validatedAt: '2026-11-25T10:00:00.000Z',
    attempts: 1,
  } satisfies Required<ModelValidatedData>,
  modelHealthChanged: {
    modelId: 'm1',
    workspaceId: 'w1',
    revision: 2,
    status: 'degraded',
    checks: [check],
    checkedAt: '2026-11-25T10:00:00.000Z',
  } satisfies Required<ModelHealthChangedData>,
  apiKeyRevoked: { apiKeyId: 'k1', workspaceId: 'w1', prefix: 'abcdef123456' } satisfies Required<ApiKeyRevokedData>,
  usageRecorded: {
    requestId: 'r1',
    workspaceId: 'w1',
    apiKeyId: 'k1',
    modelId: 'm1',
    modelRef: 'demo@openailike/chat',
    endpoint: 'chat.completions',
    status: 200,
    errorCode: 'none',
    inputTokens: 10,
    outputTokens: 5,
    images: 0,
    estimated: false,
    costUsd: 0.00001,
    latencyMs: 12.5,
    streamed: true,
    occurredAt: '2026-11-25T10:00:00.000Z',
    deploymentId: 'd1',
    deploymentKey: 'customer-support',
    deploymentVersion: 3,
    deploymentVariant: 'concise',
  } satisfies Required<UsageRecordedData>,
  deploymentPublished: {
    deploymentId: 'd1',
    workspaceId: 'w1',
    key: 'customer-support',
    version: 4,
    restoredFrom: 2,
    publishedAt: '2026-11-25T10:00:00.000Z',
  } satisfies Required<DeploymentPublishedData>,
  deploymentDeleted: { deploymentId: 'd1', workspaceId: 'w1', key: 'customer-support', version: 4 } satisfies Required<DeploymentDeletedData>,
};

describe('asyncapi.yaml', () => {
  it('has one channel per topic constant, at its address', () => {
    const addresses = Object.fromEntries(Object.entries(doc.channels).map(([key, channel]) => [key, channel.address]));
    expect(addresses).toEqual(TOPICS);
  });

  it('names one message per event type', () => {
    const names = Object.fromEntries(Object.entries(doc.components.messages).map(([key, message]) => [key, message.name]));
    expect(names).toEqual(EVENT_TYPES);
  });

  it.each(Object.keys(EVENT_TYPES) as (keyof typeof EVENT_TYPES)[])('its %s schema accepts exactly the TypeScript payload in an envelope', (key) => {
    const envelope = createEnvelope(EVENT_TYPES[key], '/model-garden/test', 'm1', samples[key]);
    expect(problems(doc.components.messages[key]!.payload, envelope)).toEqual([]);
  });

  it('puts every message on exactly one channel', () => {
    const placed = Object.values(doc.channels).flatMap((channel) => Object.keys(channel.messages));
    expect(placed.sort()).toEqual(Object.keys(EVENT_TYPES).sort());
  });

  it('accepts a publish that is not a restore (restoredFrom null) and refuses a wrong type', () => {
    const publish = { ...(samples.deploymentPublished as DeploymentPublishedData), restoredFrom: null };
    expect(problems(doc.components.messages['deploymentPublished']!.payload, createEnvelope(EVENT_TYPES.deploymentPublished, '/x', 'd1', publish))).toEqual([]);
    const bad = { ...publish, version: '4' };
    expect(problems(doc.components.messages['deploymentPublished']!.payload, createEnvelope(EVENT_TYPES.deploymentPublished, '/x', 'd1', bad))).toEqual([
      '$.data.version: expected integer, got string',
    ]);
  });

  it('refuses a payload with a field the contract does not have', () => {
    const envelope = createEnvelope(EVENT_TYPES.apiKeyRevoked, '/x', 'k1', { ...(samples.apiKeyRevoked as object), apiKey: 'mgk_secret' });
    expect(problems(doc.components.messages['apiKeyRevoked']!.payload, envelope)).toEqual(['$.data.apiKey: not in the schema']);
  });
});
