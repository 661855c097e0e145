import { errorOf, readSse, startTestProvider, type TestProvider } from '../testing/test-provider';

describe('POST /v1/completions', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startTestProvider();
  });
  afterAll(() => provider.close());

  it('completes a prompt in the text_completion shape', async () => {
    const completion = await provider.client.completions.create({ model: 'mock-instruct', prompt: 'Once upon a time' });
    expect(completion).toMatchObject({ object: 'text_completion', model: 'mock-instruct', id: expect.stringMatching(/^cmpl-/) });
    expect(completion.choices).toEqual([{ index: 0, text: ' Mock completion for: Once upon a time', logprobs: null, finish_reason: 'stop' }]);
    expect(completion.usage).toEqual({ prompt_tokens: 4, completion_tokens: 10, total_tokens: 14 });
  });

  it('answers each prompt of an array, token prompts included, and echoes on request', async () => {
    const completion = await provider.client.completions.create({ model: 'mock-instruct', prompt: ['a', 'b'], n: 2, echo: true });
    expect(completion.choices.map((choice) => [choice.index, choice.text])).toEqual([
      [0, 'a Mock completion for: a'],
      [1, 'a Mock completion for: a'],
      [2, 'b Mock completion for: b'],
      [3, 'b Mock completion for: b'],
    ]);
    const tokens = await provider.client.completions.create({ model: 'mock-instruct', prompt: [1, 2, 3] });
    expect(tokens.choices[0].text).toBe(' Mock completion for: [3 tokens]');
    expect(tokens.usage?.prompt_tokens).toBe(3);
  });

  it('cuts at max_tokens', async () => {
    const completion = await provider.client.completions.create({ model: 'mock-instruct', prompt: 'x', max_tokens: 2 });
    expect(completion.choices[0]).toMatchObject({ text: ' Mock co', finish_reason: 'length' });
  });

  it('streams, with a usage chunk when asked', async () => {
    const response = await provider.call('/v1/completions', { body: { model: 'mock-instruct', prompt: 'Say hi', stream: true, stream_options: { include_usage: true } } });
    const events = await readSse(response);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks.every((chunk) => chunk.object === 'text_completion')).toBe(true);
    expect(chunks.slice(0, -1).map((chunk) => chunk.choices[0].text).join('')).toBe(' Mock completion for: Say hi');
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 7, total_tokens: 9 } });
  });

  it('streams through the SDK', async () => {
    const stream = await provider.client.completions.create({ model: 'mock-instruct', prompt: 'Say hi', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe(' Mock completion for: Say hi');
  });

  it('400s a chat model, and a chat completion with the instruct model', async () => {
    await expect(provider.client.completions.create({ model: 'mock-chat', prompt: 'x' })).rejects.toMatchObject({ status: 400, param: 'model', type: 'invalid_request_error' });
    await expect(provider.client.chat.completions.create({ model: 'mock-instruct', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400, param: 'model' });
  });

  it('400s a missing prompt', async () => {
    const response = await provider.call('/v1/completions', { body: { model: 'mock-instruct' } });
    expect(response.status).toBe(400);
    expect((await errorOf(response))).toMatchObject({ param: 'prompt', code: 'missing_required_parameter' });
  });
});
