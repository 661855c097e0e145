import { inflateSync } from 'node:zlib';
import { startTestProvider, type TestProvider } from '../testing/test-provider';
import { createPng } from './png';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('createPng', () => {
  it('makes a valid 8x8 RGB PNG, the same bytes every time', () => {
    const png = createPng();
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([8, 8]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('ascii', 37, 41)).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength))).toHaveLength(8 * (1 + 8 * 3));
    expect(png.toString('ascii', png.length - 8, png.length - 4)).toBe('IEND');
    expect(createPng()).toEqual(png);
  });
});

describe('POST /v1/images/generations', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startTestProvider();
  });
  afterAll(() => provider.close());

  it('returns n base64 PNGs', async () => {
    const result = await provider.client.images.generate({ model: 'mock-image', prompt: 'a red fox', n: 2, size: '256x256' });
    expect(result.data).toHaveLength(2);
    for (const image of result.data ?? []) expect(Buffer.from(image.b64_json ?? '', 'base64').subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(result.created).toEqual(expect.any(Number));
  });

  it('returns a data URL for response_format url', async () => {
    const result = await provider.client.images.generate({ model: 'mock-image', prompt: 'a red fox', response_format: 'url' });
    expect(result.data?.[0].url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('400s a missing prompt and a chat model', async () => {
    expect((await provider.call('/v1/images/generations', { body: { model: 'mock-image' } })).status).toBe(400);
    await expect(provider.client.images.generate({ model: 'mock-chat', prompt: 'x' })).rejects.toMatchObject({ status: 400, param: 'model' });
  });
});
