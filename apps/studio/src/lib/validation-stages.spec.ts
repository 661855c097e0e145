import type { CheckResult, ModelView } from '@model-garden/contracts/browser';
import { adviceFor, capabilityRows, checkLabel, firstFailure, retryCountdown, validationStages } from './validation-stages';

const check = (name: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({ name, status, latencyMs: 10, code: status === 'pass' ? 'ok' : 'provider_error', message: `${name} ${status}`, ...extra });

const model = (status: ModelView['status'], checks: CheckResult[]): Pick<ModelView, 'status' | 'validation'> => ({
  status,
  validation: { checks, capabilities: {}, validatedAt: '2025-01-01T00:00:00.000Z' },
});

describe('validation stages', () => {
  it('puts every check under its stage, in the order the validator runs them', () => {
    const stages = validationStages(
      model('active', [check('connectivity', 'pass', { latencyMs: 12 }), check('authentication', 'pass'), check('model', 'pass'), check('chat', 'pass', { latencyMs: 30 }), check('chat.vision', 'warn', { latencyMs: 5 })]),
    );
    expect(stages.map((s) => [s.name, s.state, s.latencyMs])).toEqual([
      ['connectivity', 'pass', 12],
      ['authentication', 'pass', 10],
      ['model', 'pass', 10],
      ['capabilities', 'warn', 35],
    ]);
    expect(stages[3]?.checks.map((c) => c.name)).toEqual(['chat', 'chat.vision']);
  });

  it('marks stages that never ran after a failure as not run', () => {
    const stages = validationStages(model('failed', [check('connectivity', 'pass'), check('authentication', 'fail', { code: 'provider_credential_invalid', httpStatus: 401 })]));
    expect(stages.map((s) => s.state)).toEqual(['pass', 'fail', 'skip', 'skip']);
    const skipped = validationStages(model('failed', [check('connectivity', 'fail'), check('authentication', 'skip')]));
    expect(skipped[1]).toMatchObject({ state: 'skip', latencyMs: null });
  });

  it('waits while the model is validating, whatever checks an earlier revision left', () => {
    const stages = validationStages(model('validating', [check('connectivity', 'fail')]));
    expect(stages.map((s) => s.state)).toEqual(['running', 'waiting', 'waiting', 'waiting']);
    expect(stages.every((s) => s.checks.length === 0)).toBe(true);
  });

  it('fills the stages live from the progress of a validating model, a retrying check marking its stage', () => {
    const progress: NonNullable<ModelView['progress']> = {
      revision: 2,
      attempt: 1,
      maxAttempts: 5,
      sequence: 6,
      checks: [
        { name: 'connectivity', state: 'pass', latencyMs: 4, code: 'ok', message: 'Reached it.' },
        { name: 'authentication', state: 'pass', latencyMs: 2, code: 'ok', message: 'Accepted.' },
        { name: 'model', state: 'running' },
      ],
      nextAttemptAt: null,
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    const running = validationStages({ ...model('validating', [check('connectivity', 'fail')]), progress });
    expect(running.map((s) => [s.state, s.latencyMs])).toEqual([
      ['pass', 4],
      ['pass', 2],
      ['running', null],
      ['waiting', null],
    ]);
    const retrying = validationStages({
      ...model('validating', []),
      progress: { ...progress, checks: [...progress.checks.slice(0, 2), { name: 'model', state: 'pass', latencyMs: 1 }, { name: 'chat', state: 'retrying', latencyMs: 9, code: 'provider_rate_limited', message: '429' }] },
    });
    expect(retrying[3]).toMatchObject({ state: 'retrying', checks: [{ name: 'chat', state: 'retrying', message: '429' }] });
    // Once settled, the verdict's checks are shown, suggestion included.
    const suggestion = { message: 'Use /v1.', field: 'baseUrl' as const, value: 'http://x/v1' };
    const settled = validationStages({ ...model('failed', [check('connectivity', 'pass'), check('chat', 'fail', { suggestion })]), progress });
    expect(settled[3]?.checks[0]).toMatchObject({ state: 'fail', suggestion });
  });

  it('counts down to the next attempt', () => {
    const now = Date.parse('2025-01-01T00:00:00.000Z');
    expect(retryCountdown({ attempt: 1, maxAttempts: 5, nextAttemptAt: '2025-01-01T00:00:02.400Z' }, now)).toBe('Attempt 1 of 5 failed; next attempt in 3 s.');
    expect(retryCountdown({ attempt: 2, maxAttempts: 5, nextAttemptAt: '2025-01-01T00:00:00.000Z' }, now + 500)).toBe('Attempt 2 of 5 failed; next attempt starting.');
    expect(retryCountdown({ attempt: 1, maxAttempts: 5, nextAttemptAt: null }, now)).toBeNull();
    expect(retryCountdown(null, now)).toBeNull();
  });

  it('says what to do about a failed check by its code, or by its stage', () => {
    expect(adviceFor(check('authentication', 'fail', { code: 'provider_credential_invalid' })).action).toBe('rotate');
    expect(adviceFor(check('connectivity', 'fail', { code: 'provider_timeout' })).action).toBe('revalidate');
    expect(adviceFor(check('model', 'fail', { code: 'something_new' })).text).toMatch(/model ID/);
    expect(adviceFor(check('authentication', 'fail', { code: 'something_new' })).action).toBe('rotate');
  });

  it('finds the first failure of a finished validation only', () => {
    const checks = [check('connectivity', 'pass'), check('authentication', 'fail')];
    expect(firstFailure(model('failed', checks))?.name).toBe('authentication');
    expect(firstFailure(model('validating', checks))).toBeUndefined();
  });

  it('lists the capabilities of a type, tested or not', () => {
    expect(capabilityRows('chat', { chat: true, streaming: true, functionCalling: false }).map((r) => [r.key, r.supported])).toEqual([
      ['chat', true],
      ['streaming', true],
      ['streamUsage', undefined],
      ['functionCalling', false],
      ['structuredOutput', undefined],
      ['vision', undefined],
    ]);
    expect(capabilityRows('embedding', { embedding: true, embeddingDimension: 1536 })).toEqual([{ key: 'embedding', label: 'Embeddings', supported: true, detail: '1536 dimensions' }]);
    expect(checkLabel('chat.tools')).toBe('Function calling');
    expect(checkLabel('unknown.thing')).toBe('unknown.thing');
  });
});
