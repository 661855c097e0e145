import type { DeploymentVersionView } from '@model-garden/contracts/browser';
import { type DeploymentDraft, draftFromVersion, draftToBody, keyProblem, newDeploymentDraft, newVariant } from './deployment-form';

function draftWithTwoVariants(): DeploymentDraft {
  const a = { ...newVariant('a', 'acme@openailike/chat-a'), numbers: { ...newVariant('a').numbers, temperature: '0.3', maxTokens: '256' } };
  const b = newVariant('b', 'acme@openailike/chat-b');
  return {
    key: 'support',
    description: ' Answers customers ',
    variants: [a, b],
    contextFields: ['country', 'tier'],
    rules: [
      { cells: { country: { op: 'in', value: 'fr, be' } }, mode: 'variant', variant: 'b', split: [], stickyBy: '' },
      { cells: { tier: { op: 'gte', value: '2' } }, mode: 'split', variant: '', split: [{ variant: 'a', percent: '50' }, { variant: 'b', percent: '50' }], stickyBy: '' },
    ],
    defaultVariant: 'a',
    cacheOn: true,
    cacheTtl: '600',
  };
}

describe('draftToBody', () => {
  it('builds the registry body: typed parameters, conditions with typed values, splits as numbers', () => {
    const { body, problems } = draftToBody(draftWithTwoVariants());
    expect(problems).toEqual([]);
    expect(body.description).toBe('Answers customers');
    expect(body.variants[0]).toEqual({
      key: 'a',
      model: 'acme@openailike/chat-a',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: '{{question}}' },
      ],
      variables: [{ name: 'question', required: true }],
      parameters: { temperature: 0.3, maxTokens: 256 },
      fallbacks: [],
    });
    expect(body.routing).toEqual({
      rules: [
        { conditions: [{ field: 'country', operator: 'in', value: ['fr', 'be'] }], variant: 'b' },
        { conditions: [{ field: 'tier', operator: 'gte', value: 2 }], split: [{ variant: 'a', percent: 50 }, { variant: 'b', percent: 50 }] },
      ],
      defaultVariant: 'a',
    });
  });

  it('names the field path of every problem', () => {
    const draft = draftWithTwoVariants();
    draft.variants[1] = { ...draft.variants[1]!, key: 'a', model: '', numbers: { ...draft.variants[1]!.numbers, temperature: '3' }, retryCount: '9', timeoutMs: '0' };
    draft.variants[0]!.messages[1]!.content = '{{question}} in {{language}}';
    draft.rules[1]!.split[1]!.percent = '40';
    draft.rules[0]!.cells['country'] = { op: 'eq', value: '' };
    const paths = draftToBody(draft).problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'variants[1].key',
        'variants[1].model',
        'variants[1].parameters.temperature',
        'variants[1].retry.count',
        'variants[1].timeout.callTimeoutMs',
        'variants[0].variables',
        'routing.rules[1].split',
        'routing.rules[0].conditions.country',
      ]),
    );
  });

  it('refuses a declared variable no message uses, and JSON that is not a schema or a tool list', () => {
    const draft = newDeploymentDraft();
    draft.variants[0] = { ...draft.variants[0]!, model: 'm', variables: [...draft.variants[0]!.variables, { name: 'tone', required: false, defaultValue: 'warm' }], responseFormat: 'json_schema', jsonSchema: '{"name": 1}', tools: '{}' };
    const problems = draftToBody(draft).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'variants[0].variables', message: '"tone" is declared but no message uses it: use {{tone}} or remove it.' },
        expect.objectContaining({ path: 'variants[0].parameters.responseFormat.jsonSchema' }),
        expect.objectContaining({ path: 'variants[0].parameters.tools' }),
      ]),
    );
  });

  it('types condition values: numbers and booleans for = when they read as such, true/false for exists', () => {
    const draft = draftWithTwoVariants();
    draft.contextFields = ['beta', 'plan', 'vip'];
    draft.rules = [{ cells: { beta: { op: 'eq', value: 'true' }, plan: { op: 'eq', value: 'pro' }, vip: { op: 'exists', value: 'false' } }, mode: 'variant', variant: 'b', split: [], stickyBy: '' }];
    expect(draftToBody(draft).body.routing.rules[0]!.conditions).toEqual([
      { field: 'beta', operator: 'eq', value: true },
      { field: 'plan', operator: 'eq', value: 'pro' },
      { field: 'vip', operator: 'exists', value: false },
    ]);
  });
});

describe('draftFromVersion', () => {
  it('reads a published version back into the same body', () => {
    const { body } = draftToBody(draftWithTwoVariants());
    const version: Pick<DeploymentVersionView, 'variants' | 'routing' | 'cache'> = {
      routing: body.routing,
      cache: body.cache,
      variants: body.variants.map((v) => ({
        key: v.key,
        model: { id: v.model, ref: v.model, owner: 'private', type: 'chat', provider: 'openailike' },
        messages: v.messages,
        variables: v.variables ?? [],
        parameters: v.parameters ?? {},
        retry: null,
        fallbacks: [],
        timeout: null,
      })),
    };
    const again = draftToBody(draftFromVersion('support', 'Answers customers', version));
    expect(again.problems).toEqual([]);
    expect(again.body).toEqual(body);
  });
});

describe('the cache setting', () => {
  it('publishes {type, ttl} when on (the default TTL when empty), null when off, and names a bad TTL', () => {
    expect(draftToBody(draftWithTwoVariants()).body.cache).toEqual({ type: 'exact_match', ttl: 600 });
    expect(draftToBody({ ...draftWithTwoVariants(), cacheTtl: '' }).body.cache).toEqual({ type: 'exact_match', ttl: 1_800 });
    expect(draftToBody({ ...draftWithTwoVariants(), cacheOn: false }).body.cache).toBeNull();
    for (const ttl of ['0', '259201', 'soon', '1.5']) {
      expect(draftToBody({ ...draftWithTwoVariants(), cacheTtl: ttl }).problems).toEqual([{ path: 'cache.ttl', message: expect.stringContaining('259200') }]);
    }
  });
});

describe('keyProblem', () => {
  it('accepts slugs and explains anything else', () => {
    expect(keyProblem('customer-support')).toBeNull();
    expect(keyProblem('')).toMatch(/Give the deployment a key/);
    expect(keyProblem('Customer Support')).toMatch(/lower-case letters/);
  });
});
