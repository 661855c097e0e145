import { compileTemplate, renderTemplate, type VariantView } from '@model-garden/contracts';
import { assembleMessages, buildVariantBody, variantOptions } from './deployment-body.util';
import { type ServingVariant } from './serving-deployment';

function variant(overrides: Partial<VariantView> = {}): ServingVariant {
  const view: VariantView = {
    key: 'a',
    model: { id: 'm-1', ref: 'acme@openailike/chat', owner: 'private', type: 'chat', provider: 'openailike' },
    messages: [
      { role: 'system', content: 'Be {{tone}}.' },
      { role: 'user', content: 'Q: {{q}}' },
    ],
    variables: [
      { name: 'tone', required: false, default: 'brief' },
      { name: 'q', required: true },
    ],
    parameters: {
      temperature: 0.1,
      maxTokens: 50,
      topP: 0.9,
      stop: ['\n\n'],
      responseFormat: { type: 'json_schema', jsonSchema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      tools: [{ type: 'function', function: { name: 'lookup' } }],
      toolChoice: 'auto',
    },
    retry: { count: 1, onCodes: [503] },
    fallbacks: [{ model: { id: 'm-2', ref: 'acme@openailike/alt', owner: 'private', type: 'chat', provider: 'openailike' } }],
    timeout: { callTimeoutMs: 1234 },
    ...overrides,
  };
  return { view, template: compileTemplate(view.messages, view.variables) };
}

describe('deployment request body', () => {
  it('puts prefix messages after the leading system messages and the call’s messages last', () => {
    const rendered = renderTemplate(variant().template, { tone: 'kind', q: 'why?' });
    const messages = assembleMessages(rendered, [{ role: 'user', content: 'earlier' }], [{ role: 'user', content: 'later' }]);
    expect(messages).toEqual([
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'earlier' },
      { role: 'user', content: 'Q: why?' },
      { role: 'user', content: 'later' },
    ]);
  });

  it('sends the variant’s parameters in OpenAI’s names, extra_params over them, and the pinned model id', () => {
    const body = buildVariantBody(variant(), [{ role: 'user', content: 'x' }], { temperature: 0.7 }, true);
    expect(body).toEqual({
      model: 'm-1',
      messages: [{ role: 'user', content: 'x' }],
      temperature: 0.7,
      max_tokens: 50,
      top_p: 0.9,
      stop: ['\n\n'],
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      tools: [{ type: 'function', function: { name: 'lookup' } }],
      tool_choice: 'auto',
      stream: true,
    });
  });

  it('gives a completion model the messages’ text as one prompt, without chat-only parameters', () => {
    const completion = variant({ model: { id: 'c-1', ref: 'acme@openailike/instruct', owner: 'private', type: 'completion', provider: 'openailike' } });
    const body = buildVariantBody(completion, [{ role: 'system', content: 'A' }, { role: 'user', content: [{ type: 'text', text: 'B' }] }], {}, false);
    expect(body).toEqual({ model: 'c-1', prompt: 'A\n\nB', temperature: 0.1, max_tokens: 50, top_p: 0.9, stop: ['\n\n'] });
  });

  it('turns retry, fallbacks and timeout into request options, within the gateway’s limits', () => {
    const limits = { defaultRetryCount: 2, maxRetryCount: 3, defaultCallTimeoutMs: 60_000 };
    const options = variantOptions(variant({ retry: { count: 5 } }), limits, new Set([429]));
    expect(options).toEqual({ retryCount: 3, retryOn: new Set([429]), fallbacks: ['m-2'], callTimeoutMs: 1234 });
    expect(variantOptions(variant({ retry: null, timeout: null, fallbacks: [] }), limits, new Set([429]))).toEqual({ retryCount: 2, retryOn: new Set([429]), fallbacks: [], callTimeoutMs: 60_000 });
  });
});
