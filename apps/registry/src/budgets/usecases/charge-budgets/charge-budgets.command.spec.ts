import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { RecordUsageCommand } from '../../../usage/usecases/record-usage/record-usage.command';
import { ChargeBudgetsCommand } from './charge-budgets.command';

const event = {
  requestId: 'req_0123456789abcdef',
  workspaceId: '0b8a4c8e-4a53-4a4e-9d0e-3f5b6c7d8e9f',
  apiKeyId: 'key_1',
  modelId: 'model_1',
  modelRef: 'acme@openailike/chat',
  endpoint: 'chat.completions',
  status: 200,
  inputTokens: 12,
  outputTokens: 30,
  estimated: false,
  costUsd: 0.00012,
  latencyMs: 3,
  streamed: false,
  occurredAt: '2026-12-04T10:00:00.000Z',
};

/** The constraint names class-validator holds for one property of a class (IsString, length, min, ...). */
function rulesOf(target: new () => object, property: string): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .filter((rule) => rule.propertyName === property)
    .map((rule) => `${rule.name ?? rule.type}:${JSON.stringify(rule.constraints ?? [])}`)
    .sort();
}

describe('ChargeBudgetsCommand.fromUsage', () => {
  it.each([
    ['a plain answer', event],
    ['an error with its code', { ...event, status: 502, errorCode: 'provider_error', inputTokens: 0, outputTokens: 0, costUsd: 0 }],
    ['a deployment call', { ...event, deploymentId: '5d0c8b8e-1a53-4a4e-9d0e-3f5b6c7d8e9f', deploymentKey: 'support', deploymentVersion: 2, deploymentVariant: 'a' }],
    ['a cache hit', { ...event, costUsd: 0, cached: true, savedCostUsd: 0.0004 }],
  ])('gives what create gives from the event itself: %s', (_name, data) => {
    const derived = ChargeBudgetsCommand.fromUsage(RecordUsageCommand.create(data));
    expect(derived).toBeInstanceOf(ChargeBudgetsCommand);
    expect(derived).toStrictEqual(ChargeBudgetsCommand.create(data));
  });

  it('takes only fields RecordUsageCommand validates, each with the same or a stricter rule', () => {
    const fields = new Set(getMetadataStorage().getTargetValidationMetadatas(ChargeBudgetsCommand, '', true, false).map((rule) => rule.propertyName));
    for (const field of fields) {
      const usageRules = rulesOf(RecordUsageCommand, field);
      expect([field, usageRules.length > 0]).toEqual([field, true]);
      // requestId: the usage record allows 128 characters, the charge 160 (the record is the stricter one).
      if (field === 'requestId') continue;
      expect([field, usageRules]).toEqual([field, rulesOf(ChargeBudgetsCommand, field)]);
    }
  });
});
