import { canonicalJson, cacheKey, takeCacheOption } from './cache-request.util';
import { GatewayError } from '../shared/gateway.exception';

describe('exact-match cache requests', () => {
  const body = (): Record<string, unknown> => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0 });

  it('takes cache: {type, ttl} out of the body, with the default TTL', () => {
    const withCache = { ...body(), cache: { type: 'exact_match' } };
    expect(takeCacheOption('chat.completions', withCache)).toEqual({ ttlSeconds: 1_800 });
    expect(withCache).not.toHaveProperty('cache');
    expect(takeCacheOption('embeddings', { input: 'x', cache: { type: 'exact_match', ttl: 259_200 } })).toEqual({ ttlSeconds: 259_200 });
    expect(takeCacheOption('chat.completions', body())).toBeUndefined();
  });

  it.each([
    [{ type: 'semantic' }, 'cache.type'],
    ['yes', 'cache.type'],
    [{ type: 'exact_match', ttl: 0 }, 'cache.ttl'],
    [{ type: 'exact_match', ttl: 259_201 }, 'cache.ttl'],
    [{ type: 'exact_match', ttl: 1.5 }, 'cache.ttl'],
  ])('refuses %j with a 400 naming %s', (cache, param) => {
    try {
      takeCacheOption('chat.completions', { ...body(), cache });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ status: 400, param });
    }
  });

  it('is never offered for images', () => {
    expect(() => takeCacheOption('images.generations', { prompt: 'a cat', cache: { type: 'exact_match' } })).toThrow(/image generation/);
  });

  it('writes canonical JSON with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('keys by workspace, model ref and revision and body, not by key order, stream or the model name asked', () => {
    const key = cacheKey('p', 'w1', 'w@openailike/chat', 1, 'chat.completions', body());
    expect(cacheKey('p', 'w1', 'w@openailike/chat', 1, 'chat.completions', { temperature: 0, stream: true, stream_options: { include_usage: true }, messages: [{ content: 'hi', role: 'user' }], model: 'other-name' })).toBe(key);
    expect(cacheKey('p', 'w2', 'w@openailike/chat', 1, 'chat.completions', body())).not.toBe(key);
    expect(cacheKey('p', 'w1', 'w@openailike/chat', 2, 'chat.completions', body())).not.toBe(key);
    expect(cacheKey('p', 'w1', 'w@openailike/chat', 1, 'chat.completions', { ...body(), temperature: 1 })).not.toBe(key);
    expect(key.startsWith('p:cache:w1:')).toBe(true);
  });

  it('keys a deployment call by the deployment and its version too', () => {
    const deployed = cacheKey('p', 'w1', 'w@openailike/chat', 1, 'chat.completions', body(), { id: 'd1', version: 3 });
    expect(deployed).not.toBe(cacheKey('p', 'w1', 'w@openailike/chat', 1, 'chat.completions', body()));
    expect(cacheKey('p', 'w1', 'w@openailike/chat', 1, 'chat.completions', { ...body(), stream: true }, { id: 'd1', version: 3 })).toBe(deployed);
    expect(cacheKey('p', 'w1', 'w@openailike/chat', 1, 'chat.completions', body(), { id: 'd1', version: 4 })).not.toBe(deployed);
    expect(cacheKey('p', 'w1', 'w@openailike/chat', 1, 'chat.completions', body(), { id: 'd2', version: 3 })).not.toBe(deployed);
    expect(deployed.startsWith('p:cache:w1:')).toBe(true);
  });
});
