import { parseDeploymentCall } from './orq-request.util';

describe('orq.ai deployment call', () => {
  it('reads what orq.ai’s SDK sends (snake_case, stream false by default)', () => {
    const call = parseDeploymentCall(
      {
        key: 'support',
        stream: false,
        inputs: { q: 'x' },
        context: { plan: 'pro' },
        identity: { id: 'u1', display_name: 'U' },
        prefix_messages: [{ role: 'system', content: 'p' }],
        messages: [{ role: 'user', content: 'm' }],
        metadata: { a: 1 },
        extra_params: { temperature: 1 },
        invoke_options: { include_retrievals: false, include_usage: true },
        thread: { id: 't' },
        documents: [],
        file_ids: [],
      },
      false,
    );
    expect(call).toEqual({
      key: 'support',
      inputs: { q: 'x' },
      context: { plan: 'pro' },
      messages: [{ role: 'user', content: 'm' }],
      prefixMessages: [{ role: 'system', content: 'p' }],
      identityId: 'u1',
      extraParams: { temperature: 1 },
      includeUsage: true,
      mockResponse: undefined,
      stream: false,
    });
    expect(parseDeploymentCall({ key: 'k' }, true).stream).toBe(true);
  });

  it('reads a per-call cache option with the default TTL filled in', () => {
    expect(parseDeploymentCall({ key: 'k', cache: { type: 'exact_match' } }, false).cache).toEqual({ type: 'exact_match', ttl: 1_800 });
    expect(parseDeploymentCall({ key: 'k', cache: null }, false).cache).toBeUndefined();
  });

  it.each([
    [{}, 'key'],
    [{ key: 'k', inputs: [] }, 'inputs'],
    [{ key: 'k', stream: 'yes' }, 'stream'],
    [{ key: 'k', messages: [{ content: 'no role' }] }, 'messages[0]'],
    [{ key: 'k', identity: { id: 5 } }, 'identity.id'],
    [{ key: 'k', extra_params: { messages: [] } }, 'extra_params.messages'],
    [{ key: 'k', extra_params: { model: 'other' } }, 'extra_params.model'],
    [{ key: 'k', invoke_options: { mock_response: 3 } }, 'invoke_options.mock_response'],
    [{ key: 'k', file_ids: ['f1'] }, 'file_ids'],
    [{ key: 'k', knowledge_filter: { topic: { eq: 'x' } } }, 'knowledge_filter'],
    [{ key: 'k', cache: { type: 'semantic' } }, 'cache.type'],
    [{ key: 'k', cache: { type: 'exact_match', ttl: 259_201 } }, 'cache.ttl'],
  ])('refuses %j naming %s', (body, param) => {
    expect(() => parseDeploymentCall(body, false)).toThrow(expect.objectContaining({ status: 400, param }));
  });
});
