import { jsonSchemaProblems } from '@model-garden/contracts';
import { readSse, startTestProvider, type TestProvider } from '../testing/test-provider';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
      required: ['city', 'unit', 'days'],
      additionalProperties: false,
    },
    strict: true,
  },
};

const TIME_TOOL = { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } } };

describe('POST /v1/chat/completions', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await startTestProvider();
  });
  afterAll(() => provider.close());

  it('answers deterministically with real-looking usage', async () => {
    const request = { model: 'mock-chat', messages: [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'What is the capital of France?' }] };
    const completion = await provider.client.chat.completions.create(request);
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'mock-chat', id: expect.stringMatching(/^chatcmpl-/) });
    expect(completion.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Mock reply to: What is the capital of France?', refusal: null }, logprobs: null, finish_reason: 'stop' },
    ]);
    // 2 messages × 4 overhead + ceil(9/4) + ceil(30/4) + 3 priming
    expect(completion.usage).toMatchObject({ prompt_tokens: 8 + 3 + 8 + 3, completion_tokens: 12, total_tokens: 34 });
    const again = await provider.client.chat.completions.create(request);
    expect(again.choices[0].message.content).toBe(completion.choices[0].message.content);
  });

  it('quotes only the first 60 characters of the last user message', async () => {
    const long = 'x'.repeat(200);
    const completion = await provider.client.chat.completions.create({ model: 'mock-chat', messages: [{ role: 'user', content: long }] });
    expect(completion.choices[0].message.content).toBe(`Mock reply to: ${'x'.repeat(60)}`);
  });

  it('cuts the reply at max_completion_tokens with finish_reason length, and honours n', async () => {
    const completion = await provider.client.chat.completions.create({
      model: 'mock-chat',
      messages: [{ role: 'user', content: 'Tell me a long story about dragons' }],
      max_completion_tokens: 3,
      n: 2,
    });
    expect(completion.choices).toHaveLength(2);
    expect(completion.choices[1]).toMatchObject({ index: 1, finish_reason: 'length', message: { content: 'Mock reply t' } });
    expect(completion.usage?.completion_tokens).toBe(6);
  });

  describe('function calling', () => {
    it('calls the function with arguments valid against its parameters', async () => {
      const completion = await provider.client.chat.completions.create({ model: 'mock-chat', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [WEATHER_TOOL] });
      const choice = completion.choices[0];
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBeNull();
      const call = choice.message.tool_calls?.[0];
      expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather' } });
      const args: unknown = JSON.parse(call?.type === 'function' ? call.function.arguments : 'null');
      expect(jsonSchemaProblems(WEATHER_TOOL.function.parameters, args)).toEqual([]);
    });

    it('honours tool_choice naming a function', async () => {
      const completion = await provider.client.chat.completions.create({
        model: 'mock-chat',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [WEATHER_TOOL, TIME_TOOL],
        tool_choice: { type: 'function', function: { name: 'get_time' } },
      });
      const call = completion.choices[0].message.tool_calls?.[0];
      expect(call?.type === 'function' && call.function).toEqual({ name: 'get_time', arguments: '{"zone":"mock zone"}' });
    });

    it('answers in text after a tool result, and when tool_choice is none', async () => {
      const afterTool = await provider.client.chat.completions.create({
        model: 'mock-chat',
        tools: [WEATHER_TOOL],
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '{"temp": 21}' },
        ],
      });
      expect(afterTool.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Mock reply to tool result: {"temp": 21}' } });
      const none = await provider.client.chat.completions.create({ model: 'mock-chat', tools: [WEATHER_TOOL], tool_choice: 'none', messages: [{ role: 'user', content: 'hi' }] });
      expect(none.choices[0].finish_reason).toBe('stop');
    });

    it('400s a tool_choice naming a function that is not in tools', async () => {
      await expect(
        provider.client.chat.completions.create({ model: 'mock-chat', messages: [{ role: 'user', content: 'hi' }], tools: [WEATHER_TOOL], tool_choice: { type: 'function', function: { name: 'nope' } } }),
      ).rejects.toMatchObject({ status: 400, param: 'tool_choice' });
    });

    it('streams a tool call as OpenAI does', async () => {
      const stream = await provider.client.chat.completions.create({ model: 'mock-chat', messages: [{ role: 'user', content: 'Weather?' }], tools: [WEATHER_TOOL], stream: true });
      let name = '';
      let args = '';
      let finish: string | null = null;
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta;
        for (const call of delta?.tool_calls ?? []) {
          name += call.function?.name ?? '';
          args += call.function?.arguments ?? '';
        }
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(name).toBe('get_weather');
      expect(jsonSchemaProblems(WEATHER_TOOL.function.parameters, JSON.parse(args))).toEqual([]);
      expect(finish).toBe('tool_calls');
    });
  });

  describe('structured output', () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        year: { type: 'integer', minimum: 1900, maximum: 2100 },
        rating: { type: ['number', 'null'] },
        genres: { type: 'array', items: { type: 'string', enum: ['drama', 'comedy'] } },
        director: { type: 'object', properties: { name: { type: 'string' }, alive: { type: 'boolean' } }, required: ['name', 'alive'], additionalProperties: false },
        sequel: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        format: { const: 'film' },
      },
      required: ['title', 'year', 'rating', 'genres', 'director', 'sequel', 'format'],
      additionalProperties: false,
    };

    it('returns JSON valid against a json_schema response_format', async () => {
      const completion = await provider.client.chat.completions.create({
        model: 'mock-chat',
        messages: [{ role: 'user', content: 'Describe a film as JSON.' }],
        response_format: { type: 'json_schema', json_schema: { name: 'film', schema, strict: true } },
      });
      const content = completion.choices[0].message.content ?? '';
      expect(jsonSchemaProblems(schema, JSON.parse(content))).toEqual([]);
    });

    it('returns a JSON object for json_object', async () => {
      const completion = await provider.client.chat.completions.create({ model: 'mock-chat', messages: [{ role: 'user', content: 'Answer in JSON' }], response_format: { type: 'json_object' } });
      expect(JSON.parse(completion.choices[0].message.content ?? '')).toEqual({ reply: 'Mock reply to: Answer in JSON' });
    });
  });

  describe('vision', () => {
    it('accepts data and http image URLs without fetching them and counts them', async () => {
      const completion = await provider.client.chat.completions.create({
        model: 'mock-chat',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these images?' },
              { type: 'image_url', image_url: { url: PIXEL } },
              { type: 'image_url', image_url: { url: 'https://images.invalid/cat.png', detail: 'low' } },
            ],
          },
        ],
      });
      expect(completion.choices[0].message.content).toBe('Mock reply to: What is in these images? [2 images]');
      expect(completion.usage?.prompt_tokens).toBe(4 + 6 + 2 * 85 + 3);
    });

    it('400s an image part whose URL is neither http(s) nor a data URL', async () => {
      await expect(
        provider.client.chat.completions.create({ model: 'mock-chat', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }] }),
      ).rejects.toMatchObject({ status: 400, code: 'invalid_image_url', param: 'messages[0].content[0].image_url.url' });
    });
  });

  describe('streaming', () => {
    it('sends a role chunk, content chunks, a finish chunk, a usage chunk, then [DONE]', async () => {
      const response = await provider.call('/v1/chat/completions', {
        body: { model: 'mock-chat', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hello there friend' }] },
      });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = await readSse(response);
      expect(events.at(-1)?.data).toBe('[DONE]');
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
      for (const chunk of chunks) expect(chunk).toMatchObject({ object: 'chat.completion.chunk', id: chunks[0].id, model: 'mock-chat' });
      expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
      const contentChunks = chunks.slice(1, -2);
      expect(contentChunks.length).toBeGreaterThan(3);
      expect(contentChunks.map((chunk) => chunk.choices[0].delta.content).join('')).toBe('Mock reply to: Hello there friend');
      for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
      expect(chunks.at(-2).choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
      const last = chunks.at(-1);
      expect(last.choices).toEqual([]);
      expect(last.usage).toMatchObject({ prompt_tokens: 4 + 5 + 3, completion_tokens: 9, total_tokens: 21 });
    });

    it('streams through the SDK without usage unless asked', async () => {
      const stream = await provider.client.chat.completions.create({ model: 'mock-chat', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
      let text = '';
      let usageSeen = false;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        usageSeen ||= chunk.usage != null;
      }
      expect(text).toBe('Mock reply to: Hi');
      expect(usageSeen).toBe(false);
    });

    it('always streams mock-stream-only, even when stream is false', async () => {
      const response = await provider.call('/v1/chat/completions', { body: { model: 'mock-stream-only', stream: false, messages: [{ role: 'user', content: 'Hi' }] } });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect((await readSse(response)).at(-1)?.data).toBe('[DONE]');
    });
  });

  describe('mock-chat-basic', () => {
    const user = { role: 'user' as const, content: 'hi' };

    it('chats plainly', async () => {
      const completion = await provider.client.chat.completions.create({ model: 'mock-chat-basic', messages: [user] });
      expect(completion.choices[0].message.content).toBe('Mock reply to: hi');
    });

    it('refuses tools like a real provider', async () => {
      const response = await provider.call('/v1/chat/completions', { body: { model: 'mock-chat-basic', messages: [user], tools: [WEATHER_TOOL] } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { message: 'The model `mock-chat-basic` does not support tools.', type: 'invalid_request_error', param: 'tools', code: 'unsupported_parameter' },
      });
    });

    it('refuses json_schema output and image parts', async () => {
      await expect(
        provider.client.chat.completions.create({ model: 'mock-chat-basic', messages: [user], response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } }),
      ).rejects.toMatchObject({ status: 400, param: 'response_format', code: 'unsupported_parameter' });
      await expect(
        provider.client.chat.completions.create({ model: 'mock-chat-basic', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: PIXEL } }] }] }),
      ).rejects.toMatchObject({ status: 400, param: 'messages', code: 'unsupported_parameter' });
    });
  });
});
