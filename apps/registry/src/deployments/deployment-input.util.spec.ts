import { parseDeploymentInput } from './deployment-input.util';

const variant = (extra: Record<string, unknown> = {}) => ({
  key: 'a',
  model: 'chat',
  messages: [{ role: 'user', content: 'Hi {{name}}' }],
  variables: [{ name: 'name', required: true }],
  ...extra,
});

describe('deployment body checks', () => {
  it('accepts a whole configuration and fills in the default routing', () => {
    const { input, problems } = parseDeploymentInput({ key: 'support', variants: [variant(), variant({ key: 'b' })], note: 'n' }, true);
    expect(problems).toEqual([]);
    expect(input).toMatchObject({ key: 'support', note: 'n', routing: { rules: [], defaultVariant: 'a' } });
    expect(input!.variants[0]).toEqual({ key: 'a', model: 'chat', messages: [{ role: 'user', content: 'Hi {{name}}' }], variables: [{ name: 'name', required: true }], parameters: {} });
  });

  it('keeps a cache setting with the default TTL filled in, none when absent or null', () => {
    expect(parseDeploymentInput({ variants: [variant()], cache: { type: 'exact_match' } }, false).input!.cache).toEqual({ type: 'exact_match', ttl: 1_800 });
    expect(parseDeploymentInput({ variants: [variant()], cache: { type: 'exact_match', ttl: 259_200 } }, false).input!.cache).toEqual({ type: 'exact_match', ttl: 259_200 });
    expect(parseDeploymentInput({ variants: [variant()] }, false).input!.cache).toBeNull();
    expect(parseDeploymentInput({ variants: [variant()], cache: null }, false).input!.cache).toBeNull();
  });

  it.each([
    [{ type: 'semantic' }, 'cache.type'],
    [true, 'cache.type'],
    [{ type: 'exact_match', ttl: 0 }, 'cache.ttl'],
    [{ type: 'exact_match', ttl: 259_201 }, 'cache.ttl'],
    [{ type: 'exact_match', ttl: '60' }, 'cache.ttl'],
    [{ type: 'exact_match', ttl: 60, scope: 'all' }, 'cache.scope'],
  ])('refuses the cache setting %j naming %s', (cache, field) => {
    const { input, problems } = parseDeploymentInput({ variants: [variant()], cache }, false);
    expect(input).toBeUndefined();
    expect(problems).toEqual([{ field, message: expect.stringContaining(field) }]);
  });

  it('makes a variable with a default optional unless it says otherwise', () => {
    const { input } = parseDeploymentInput({ variants: [variant({ variables: [{ name: 'name', default: 'you' }] })] }, false);
    expect(input!.variants[0]!.variables).toEqual([{ name: 'name', required: false, default: 'you' }]);
  });

  it('names each bad field by its path', () => {
    const { problems } = parseDeploymentInput(
      {
        key: 'x',
        variants: [
          variant(),
          variant({
            key: 'a',
            messages: [{ role: 'user', content: [{ type: 'text', text: 'ok' }, { type: 'image_url', imageUrl: { url: 3 } }, { type: 'audio' }] }],
            variables: [],
            parameters: { maxTokens: 1.5, stop: ['a', 'b', 'c', 'd', 'e'], responseFormat: { type: 'xml' }, toolChoice: { type: 'function', function: { name: 'missing' } } },
            retry: { count: 9, onCodes: [200] },
            fallbacks: [{ model: '' }, 'chat'],
            timeout: { callTimeoutMs: 0 },
          }),
        ],
      },
      true,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'variants[1].messages[0].content[1].imageUrl.url',
      'variants[1].messages[0].content[2].type',
      'variants[1].messages[0].content[2].text',
      'variants[1].parameters.maxTokens',
      'variants[1].parameters.stop',
      'variants[1].parameters.responseFormat.type',
      'variants[1].parameters.toolChoice.function.name',
      'variants[1].parameters.toolChoice',
      'variants[1].retry.count',
      'variants[1].retry.onCodes[0]',
      'variants[1].fallbacks[0].model',
      'variants[1].fallbacks[1]',
      'variants[1].timeout.callTimeoutMs',
    ]);
    expect(problems.every((p) => p.message.startsWith(p.field))).toBe(true);
  });

  it('refuses duplicate variant keys, unknown fields at every level, and routing to unknown variants', () => {
    expect(parseDeploymentInput({ variants: [variant(), variant()] }, false).problems).toEqual([{ field: 'variants[1].key', message: expect.stringContaining('already the key of another variant') }]);
    expect(parseDeploymentInput({ variants: [variant({ extra: 1 })], routing: { rules: [{ variant: 'a', weight: 1 }] } }, false).problems.map((p) => p.field)).toEqual([
      'variants[0].extra',
      'routing.rules[0].weight',
    ]);
    expect(parseDeploymentInput({ variants: [variant()], routing: { rules: [{ variant: 'z' }] } }, false).problems.map((p) => p.field)).toEqual(['routing.rules[0].variant']);
  });

  it('checks the template against the declared variables', () => {
    const { problems } = parseDeploymentInput({ variants: [variant({ variables: [{ name: 'name', required: true }, { name: 'unused', required: true }] })] }, false);
    expect(problems).toEqual([{ field: 'variants[0].variables[1].name', message: expect.stringContaining('declared but no message uses it') }]);
  });
});
