import { checkRule, ruleSchema } from './field-rule';
import { DATASET_RULES, EVALUATOR_RULES, EXPERIMENT_RULES, RUN_RULES } from './experiment.rules';

describe('experiment rules', () => {
  it("gives the registry's messages, the most basic rule first", () => {
    expect(checkRule(DATASET_RULES.name, 5)).toBe('name must be a string');
    expect(checkRule(EVALUATOR_RULES.name, '')).toBe('name must be 1 to 100 characters');
    expect(checkRule(EXPERIMENT_RULES.name, '   ')).toBe('name must not be blank');
    expect(checkRule(EXPERIMENT_RULES.name, 'x'.repeat(101))).toBe('name must be 1 to 100 characters');
    expect(checkRule(DATASET_RULES.description, 'x'.repeat(1001))).toBe('description must be at most 1000 characters');
    expect(checkRule(DATASET_RULES.format, 'xml')).toBe('format must be one of: jsonl, csv');
    expect(checkRule(DATASET_RULES.mode, 'merge')).toBe('mode must be one of: append, replace');
    expect(checkRule(DATASET_RULES.dryRun, 'yes')).toBe('dryRun must be true or false');
    expect(checkRule(EVALUATOR_RULES.type, 'vibes')).toMatch(/^type must be one of: exact_match, /);
    expect(checkRule(EXPERIMENT_RULES.repetitions, 1.5)).toBe('repetitions must be a whole number');
    expect(checkRule(EXPERIMENT_RULES.repetitions, 11)).toBe('repetitions must be from 1 to 10');
    expect(checkRule(EXPERIMENT_RULES.concurrencyPerModel, 0)).toBe('concurrencyPerModel must be from 1 to 64');
    expect(checkRule(EXPERIMENT_RULES.datasetId, 7)).toBe('datasetId must be the id of a dataset of this workspace');
    expect(checkRule(EXPERIMENT_RULES.datasetId, 'not-a-uuid')).toBe('datasetId must be the id of a dataset of this workspace');
    expect(checkRule(RUN_RULES.scope, 'all')).toBe('scope must be one of: failed, row, column, cell');
    expect(checkRule(RUN_RULES.baseline, 'x')).toBe('baseline must be the id of another run of this experiment');
  });

  it('accepts what the registry accepted', () => {
    expect(checkRule(EXPERIMENT_RULES.datasetId, '0b9a3f3e-52c4-4b8e-9d3f-2a1c5e6f7a8b')).toBeNull();
    expect(checkRule(RUN_RULES.baseline, '00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(checkRule(EXPERIMENT_RULES.repetitions, 10)).toBeNull();
    expect(checkRule(DATASET_RULES.description, '')).toBeNull();
  });

  it('documents the same bounds in the API schema', () => {
    expect(ruleSchema(EXPERIMENT_RULES.name)).toMatchObject({ type: 'string', minLength: 1, maxLength: 100 });
    expect(ruleSchema(EXPERIMENT_RULES.concurrencyPerModel)).toEqual({ type: 'integer', minimum: 1, maximum: 64 });
  });
});

describe('page rules of the experiments API', () => {
  it('keeps the limits and messages of each list', () => {
    expect(checkRule(DATASET_RULES.limit, Number('abc'))).toBe('limit must be a whole number');
    expect(checkRule(DATASET_RULES.limit, 501)).toBe('limit must be between 1 and 500');
    expect(checkRule(EXPERIMENT_RULES.limit, 0)).toBe('limit must be between 1 and 200');
    expect(checkRule(RUN_RULES.cellsLimit, 1001)).toBe('limit must be between 1 and 1000');
    expect(checkRule(RUN_RULES.cellsLimit, 1000)).toBeNull();
    expect(checkRule(EXPERIMENT_RULES.cursor, 'x'.repeat(501))).toBe('cursor must be at most 500 characters');
    expect(checkRule(DATASET_RULES.cursor, ['a', 'b'])).toBe('cursor must be a string');
  });
});
