import { jsonOf, startTestProvider, type TestProvider } from '../testing/test-provider';
import { EMBEDDING_DIMENSIONS, embeddingVector, toBase64 } from './embedding.vector';

function norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}

describe('embeddingVector', () => {
  it('is unit-norm, deterministic and different per input', () => {
    const a = embeddingVector('hello');
    expect(a).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(norm(a)).toBeCloseTo(1, 5);
    expect(embeddingVector('hello')).toEqual(a);
    expect(embeddingVector('hello!')).not.toEqual(a);
    expect(embeddingVector([1, 2, 3])).not.toEqual(embeddingVector('1,2,3'));
  });

  it('shortens to the normalised prefix', () => {
    const full = embeddingVector('hello');
    const short = embeddingVector('hello', 8);
    expect(norm(short)).toBeCloseTo(1, 5);
    const scale = norm(full.subarray(0, 8));
    short.forEach((value, i) => expect(value).toBeCloseTo(full[i] / scale, 5));
  });

  it('encodes little-endian float32 as base64', () => {
    const vector = embeddingVector('x', 4);
    const bytes = Buffer.from(toBase64(vector), 'base64');
    expect(bytes).toHaveLength(16);
    expect(bytes.readFloatLE(4)).toBe(vector[1]);
  });
});

describe('POST /v1/embeddings', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startTestProvider();
  });
  afterAll(() => provider.close());

  it('gives the same vectors as float and as base64 (the SDK’s default), 256 wide', async () => {
    const viaBase64 = await provider.client.embeddings.create({ model: 'mock-embed', input: ['alpha', 'beta'] });
    const viaFloat = await provider.client.embeddings.create({ model: 'mock-embed', input: ['alpha', 'beta'], encoding_format: 'float' });
    expect(viaBase64).toMatchObject({ object: 'list', model: 'mock-embed', usage: { prompt_tokens: 3, total_tokens: 3 } }); // ceil(5/4) + ceil(4/4)
    expect(viaBase64.data.map((item) => [item.object, item.index, item.embedding.length])).toEqual([
      ['embedding', 0, 256],
      ['embedding', 1, 256],
    ]);
    expect(viaBase64.data[0].embedding).toEqual(viaFloat.data[0].embedding);
    expect(viaFloat.data[1].embedding).toEqual(Array.from(embeddingVector('beta')));
    expect(norm(viaFloat.data[0].embedding)).toBeCloseTo(1, 5);
    expect(viaFloat.data[0].embedding).not.toEqual(viaFloat.data[1].embedding);
  });

  it('sends base64 on the wire when asked', async () => {
    const response = await provider.call('/v1/embeddings', { body: { model: 'mock-embed', input: 'alpha', encoding_format: 'base64' } });
    const body = await jsonOf<{ data: Array<{ embedding: string }> }>(response);
    expect(typeof body.data[0].embedding).toBe('string');
    expect(Buffer.from(body.data[0].embedding, 'base64')).toHaveLength(256 * 4);
  });

  it('shortens to `dimensions` and takes token arrays', async () => {
    const result = await provider.client.embeddings.create({ model: 'mock-embed', input: [[1, 2, 3], [4]], dimensions: 64, encoding_format: 'float' });
    expect(result.data.map((item) => item.embedding.length)).toEqual([64, 64]);
    expect(result.usage.prompt_tokens).toBe(4);
  });

  it('400s an empty input and too many dimensions', async () => {
    await expect(provider.client.embeddings.create({ model: 'mock-embed', input: '' })).rejects.toMatchObject({ status: 400, param: 'input' });
    await expect(provider.client.embeddings.create({ model: 'mock-embed', input: 'x', dimensions: 1024 })).rejects.toMatchObject({ status: 400, param: 'dimensions' });
  });
});
