import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type EvaluatorScore, type ExperimentCellCompletedData, type ExperimentRunCancelledData, type ExperimentRunRequestedData } from '../experiments';
import {
  type ApiKeyRevokedData,
  type CapabilityMatrix,
  type CheckResult,
  type ModelChangedData,
  type ModelDeletedData,
  type ModelHealthChangedData,
  type ModelValidatedData,
  type ModelValidationProgressData,
  type CheckProgress,
  type CheckSuggestion,
  type UsageRecordedData,
} from '../models';
import { createJsonSchemaAjv, jsonSchemaProblems } from '../json-schema';
import { type DeploymentDeletedData, type DeploymentPublishedData } from '../deployments';
import { createEnvelope } from './envelope';
import { EVENT_TYPES } from './event-types';
import { DEAD_LETTER_TOPICS, TOPICS } from './topics';

/**
 * Keeps asyncapi.yaml true: its channels are the topic constants, its messages the
 * event types, and its payload schemas accept exactly the TypeScript payloads. The
 * samples are `Required<...>`, so a field added to a payload type fails to compile
 * here until the sample (and then the schema) has it too. Payloads are checked with
 * ajv (the project's JSON Schema setup); "exactly" is checked by requiring, in a copy of
 * the document, every property of each closed object schema (`additionalProperties:
 * false`): a property in the schema but not in the TypeScript sample is then reported.
 */
interface AsyncApi {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, { name: string; payload: unknown }>; schemas: Record<string, unknown> };
}

const doc = parse(readFileSync(join(__dirname, 'asyncapi.yaml'), 'utf8')) as AsyncApi;

/** A copy of a schema tree where every closed object schema requires all its properties. */
function requireEveryProperty(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(requireEveryProperty);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = requireEveryProperty(value);
  const properties = copy['properties'];
  if (copy['additionalProperties'] === false && typeof properties === 'object' && properties !== null) copy['required'] = Object.keys(properties);
  return copy;
}

const ajv = createJsonSchemaAjv();
ajv.addSchema(requireEveryProperty(doc) as object, 'asyncapi');

/** Problems of an envelope against a message's payload schema in the document. */
function problems(message: string, value: unknown): string[] {
  return jsonSchemaProblems({ $ref: `asyncapi#/components/messages/${message}/payload` }, value, ajv);
}

const suggestion: Required<CheckSuggestion> = { message: 'Add /v1: https://api.example.com/v1 answers.', field: 'baseUrl', value: 'https://api.example.com/v1' };
const check: Required<CheckResult> = { name: 'connectivity', status: 'pass', latencyMs: 12, httpStatus: 200, code: 'ok', message: 'Reached it.', suggestion };
const progressCheck: Required<CheckProgress> = { name: 'chat', state: 'retrying', latencyMs: 8, httpStatus: 503, code: 'provider_error', message: 'The upstream answered 503.', suggestion };
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
  modelValidationProgress: {
    modelId: 'm1',
    workspaceId: 'w1',
    revision: 2,
    attempt: 1,
    maxAttempts: 5,
    sequence: 7,
    changes: [{ check: 'chat', state: 'retrying' }],
    checks: [progressCheck],
    nextAttemptAt: '2026-11-25T10:00:02.000Z',
    at: '2026-11-25T10:00:00.000Z',
  } satisfies Required<ModelValidationProgressData>,
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
  experimentRunRequested: { runId: 'r1', experimentId: 'e1', workspaceId: 'w1', dispatch: 1, cellCount: 300 } satisfies Required<ExperimentRunRequestedData>,
  experimentRunCancelled: { runId: 'r1', experimentId: 'e1', workspaceId: 'w1', dispatch: 1 } satisfies Required<ExperimentRunCancelledData>,
  experimentCellCompleted: {
    runId: 'r1',
    workspaceId: 'w1',
    cellId: 'c1',
    attempt: 1,
    status: 'completed',
    output: 'Paris',
    finishReason: 'stop',
    latencyMs: 120.5,
    ttftMs: 40.2,
    inputTokens: 12,
    outputTokens: 2,
    costUsd: 0.000002,
    scores: [
      { evaluatorId: 'builtin.exact_match', score: 1, passed: true, reason: 'The output equals the expected output.', error: null } satisfies Required<EvaluatorScore>,
      { evaluatorId: 'j1', score: null, passed: null, reason: '', error: 'The judge answered "maybe", not an integer from 1 to 5.' },
    ],
    error: null,
    completedAt: '2026-11-25T10:00:00.000Z',
  } satisfies Required<ExperimentCellCompletedData>,
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
  it('has one channel per topic constant and one per dead-letter topic, at its address', () => {
    const addresses = Object.fromEntries(Object.entries(doc.channels).map(([key, channel]) => [key, channel.address]));
    const deadLetters = Object.fromEntries(Object.entries(DEAD_LETTER_TOPICS).map(([key, address]) => [`${key}DeadLetter`, address]));
    expect(addresses).toEqual({ ...TOPICS, ...deadLetters });
  });

  it('names one message per event type, plus the dead letter', () => {
    const names = Object.fromEntries(Object.entries(doc.components.messages).map(([key, message]) => [key, message.name]));
    expect(names).toEqual({ ...EVENT_TYPES, deadLetter: 'model-garden.dead-letter' });
  });

  it('puts the dead letter on every dead-letter channel and on no other', () => {
    for (const [key, channel] of Object.entries(doc.channels)) {
      expect([key, Object.keys(channel.messages)]).toEqual([key, key.endsWith('DeadLetter') ? ['deadLetter'] : expect.not.arrayContaining(['deadLetter'])]);
    }
  });

  it.each(Object.keys(EVENT_TYPES) as (keyof typeof EVENT_TYPES)[])('its %s schema accepts exactly the TypeScript payload in an envelope', (key) => {
    const envelope = createEnvelope(EVENT_TYPES[key], '/model-garden/test', 'm1', samples[key]);
    expect(problems(key, envelope)).toEqual([]);
  });

  it('puts every message on exactly one channel', () => {
    const placed = Object.values(doc.channels).flatMap((channel) => Object.keys(channel.messages).filter((m) => m !== 'deadLetter'));
    expect(placed.sort()).toEqual(Object.keys(EVENT_TYPES).sort());
  });

  it('refuses a payload that lacks a field the schema has', () => {
    const { prefix: _prefix, ...withoutPrefix } = samples.apiKeyRevoked as Required<ApiKeyRevokedData>;
    const envelope = createEnvelope(EVENT_TYPES.apiKeyRevoked, '/x', 'k1', withoutPrefix);
    expect(problems('apiKeyRevoked', envelope)).toEqual(['$.data.prefix is required']);
  });

  it('accepts a failed cell with its error and no answer', () => {
    const failed: ExperimentCellCompletedData = {
      ...(samples.experimentCellCompleted as ExperimentCellCompletedData),
      status: 'failed',
      output: null,
      finishReason: null,
      latencyMs: null,
      ttftMs: null,
      inputTokens: null,
      outputTokens: null,
      costUsd: null,
      scores: [],
      error: { code: 'provider_error', message: 'The upstream answered 503.' },
    };
    const envelope = createEnvelope(EVENT_TYPES.experimentCellCompleted, '/x', 'r1', failed);
    expect(problems('experimentCellCompleted', envelope)).toEqual([]);
    const broken = createEnvelope(EVENT_TYPES.experimentCellCompleted, '/x', 'r1', { ...failed, error: { code: 1 } });
    expect(problems('experimentCellCompleted', broken)).not.toEqual([]);
  });

  it('accepts a publish that is not a restore (restoredFrom null) and refuses a wrong type', () => {
    const publish = { ...(samples.deploymentPublished as DeploymentPublishedData), restoredFrom: null };
    expect(problems('deploymentPublished', createEnvelope(EVENT_TYPES.deploymentPublished, '/x', 'd1', publish))).toEqual([]);
    const bad = { ...publish, version: '4' };
    expect(problems('deploymentPublished', createEnvelope(EVENT_TYPES.deploymentPublished, '/x', 'd1', bad))).toEqual([
      '$.data.version should be integer, got a string',
    ]);
  });

  it('refuses a payload with a field the contract does not have', () => {
    const envelope = createEnvelope(EVENT_TYPES.apiKeyRevoked, '/x', 'k1', { ...(samples.apiKeyRevoked as object), apiKey: 'mgk_secret' });
    expect(problems('apiKeyRevoked', envelope)).toEqual(['$.data.apiKey is not allowed']);
  });
});
