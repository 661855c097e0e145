import { type CapabilityMatrix, type CheckResult, jsonSchemaProblems } from '@model-garden/contracts';
import { type Capability, capabilityEndpoint, matrixKey, unknownCapability } from '../core/capability';
import { type ChatCompletionRequest, type ChatCompletionResult, type TokenUsage } from '../core/openai-shapes';
import { type UpstreamFailure } from '../core/upstream-failure';
import { type StreamResponse } from '../transport/http-call';
import { badResponse, type CallOutcome, check, checkFromFailure, excerpt, type ProbeContext } from './probe-context';
import { PROBE_IMAGE_DATA_URL, PROBE_SCHEMA, PROBE_TOOL } from './probe-fixtures';

/** One capability's check, what it adds to the capability matrix, and the failure behind a fail/warn. */
export interface CapabilityOutcome {
  check: CheckResult;
  capabilities: Partial<CapabilityMatrix>;
  failure?: UpstreamFailure;
}

const PROMPT_OK = 'Reply with the single word: ok';

function chatRequest(ctx: ProbeContext, capability: Capability, extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  const model = ctx.model.upstreamModelId;
  return ctx.adapter.shapeChatRequest({
    model,
    messages: [{ role: 'user', content: PROMPT_OK }],
    max_tokens: ctx.adapter.probeMaxTokens(model, capability),
    ...extra,
  });
}

function passed(capability: Capability, latencyMs: number, httpStatus: number, message: string, extra: Partial<CapabilityMatrix> = {}): CapabilityOutcome {
  return { check: check(capability, 'pass', latencyMs, 'ok', message, httpStatus), capabilities: { [matrixKey(capability)]: true, ...extra } };
}

function missed(capability: Capability, required: boolean, outcome: { failure: UpstreamFailure; latencyMs: number; httpStatus?: number }): CapabilityOutcome {
  return {
    check: checkFromFailure(capability, required ? 'fail' : 'warn', outcome),
    capabilities: { [matrixKey(capability)]: false },
    failure: outcome.failure,
  };
}

/** A 2xx whose content does not show the capability (no tool call, JSON that ignores the schema, ...). */
function notShown(capability: Capability, required: boolean, latencyMs: number, httpStatus: number, message: string): CapabilityOutcome {
  return missed(capability, required, { failure: badResponse(message), latencyMs, httpStatus });
}

function describeReply(result: ChatCompletionResult): string {
  if (result.text.trim() !== '') return `"${excerpt(result.text)}"`;
  return `an empty reply${result.finishReason ? ` (finish_reason ${result.finishReason})` : ''}`;
}

function chatCall(ctx: ProbeContext, body: ChatCompletionRequest): Promise<CallOutcome<ChatCompletionResult>> {
  return ctx.postJson('chat.completions', body, (json) => ctx.adapter.parseChatCompletion(json));
}

interface StreamSummary {
  chunks: number;
  text: string;
  finishReason?: string;
  usage?: TokenUsage;
  done: boolean;
  firstEventMs?: number;
}

function summariseStream(ctx: ProbeContext, response: StreamResponse): { ok: true; summary: StreamSummary } | { ok: false; reason: string } {
  const summary: StreamSummary = { chunks: 0, text: '', done: false, firstEventMs: response.firstEventMs };
  for (const data of response.events) {
    if (data.trim() === '[DONE]') {
      summary.done = true;
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return { ok: false, reason: 'a stream event is not JSON' };
    }
    const chunk = ctx.adapter.parseChatStreamChunk(json);
    if (!chunk.ok) return { ok: false, reason: chunk.reason };
    summary.chunks++;
    summary.text += chunk.value.textDelta;
    summary.finishReason = chunk.value.finishReason ?? summary.finishReason;
    summary.usage = chunk.value.usage ?? summary.usage;
  }
  return { ok: true, summary };
}

/** The streamed chat call, shared by the streaming and streamed-usage checks. */
function streamCall(ctx: ProbeContext): Promise<CallOutcome<StreamResponse>> {
  return ctx.once('chat.stream', () =>
    ctx.postStream('chat.completions', chatRequest(ctx, 'chat.streaming', { stream: true, stream_options: { include_usage: true } })),
  );
}

async function probeStreaming(ctx: ProbeContext, capability: 'chat.streaming' | 'chat.stream_usage', required: boolean): Promise<CapabilityOutcome> {
  const outcome = await streamCall(ctx);
  if (!outcome.ok) {
    if (capability === 'chat.streaming') return missed(capability, required, outcome);
    return missed(capability, required, { ...outcome, failure: { ...outcome.failure, message: `Not shown: the streamed call failed. ${outcome.failure.message}` } });
  }
  const summarised = summariseStream(ctx, outcome.value);
  const target = ctx.target('POST', capabilityEndpoint(capability));
  if (!summarised.ok) return notShown(capability, required, outcome.latencyMs, outcome.httpStatus, `${target} streamed, but ${summarised.reason}.`);
  const s = summarised.summary;
  if (capability === 'chat.streaming') {
    if (s.chunks === 0) {
      return notShown(capability, required, outcome.latencyMs, outcome.httpStatus, `${target} was asked to stream ("stream": true) but sent no server-sent events.`);
    }
    const first = s.firstEventMs !== undefined ? `, first after ${s.firstEventMs} ms` : '';
    return passed(capability, outcome.latencyMs, outcome.httpStatus, `Streamed ${s.chunks} chunks${first}${s.done ? ', ended with [DONE]' : ''}.`);
  }
  if (s.usage === undefined) {
    const asked = ctx.adapter.features.streamOptions ? 'with stream_options.include_usage' : 'without stream_options (this provider does not accept it)';
    return notShown(
      capability,
      required,
      outcome.latencyMs,
      outcome.httpStatus,
      `The stream, requested ${asked}, carried no token usage. The gateway will estimate streamed token counts for this model.`,
    );
  }
  return passed(capability, outcome.latencyMs, outcome.httpStatus, `The stream reported usage: ${s.usage.promptTokens} prompt + ${s.usage.completionTokens} completion tokens.`);
}

async function probeChat(ctx: ProbeContext, required: boolean): Promise<CapabilityOutcome> {
  const outcome = await chatCall(ctx, chatRequest(ctx, 'chat'));
  if (!outcome.ok) return missed('chat', required, outcome);
  return passed('chat', outcome.latencyMs, outcome.httpStatus, `Replied in ${outcome.latencyMs} ms with ${describeReply(outcome.value)}.`);
}

async function probeTools(ctx: ProbeContext, required: boolean): Promise<CapabilityOutcome> {
  const body = chatRequest(ctx, 'chat.tools', {
    messages: [{ role: 'user', content: 'What is the weather in Paris? Use the get_weather tool.' }],
    tools: [PROBE_TOOL],
    tool_choice: 'required',
  });
  const outcome = await chatCall(ctx, body);
  if (!outcome.ok) return missed('chat.tools', required, outcome);
  const call = outcome.value.toolCalls[0];
  const { latencyMs, httpStatus } = outcome;
  if (call === undefined) {
    return notShown('chat.tools', required, latencyMs, httpStatus, `A tool call was required, but the model answered ${describeReply(outcome.value)} without calling a function.`);
  }
  if (call.name !== PROBE_TOOL.function.name) {
    return notShown('chat.tools', required, latencyMs, httpStatus, `The model called "${excerpt(call.name, 40)}", a function it was not offered.`);
  }
  let args: unknown;
  try {
    args = JSON.parse(call.arguments);
  } catch {
    return notShown('chat.tools', required, latencyMs, httpStatus, `The model called ${call.name}, but its arguments are not JSON.`);
  }
  const problems = jsonSchemaProblems(PROBE_TOOL.function.parameters, args);
  if (problems.length > 0) {
    return notShown('chat.tools', required, latencyMs, httpStatus, `The model called ${call.name} with arguments that break its schema: ${problems.slice(0, 3).join('; ')}.`);
  }
  return passed('chat.tools', latencyMs, httpStatus, `Called ${call.name} with ${excerpt(call.arguments)} when a tool call was required.`);
}

async function probeStructuredOutput(ctx: ProbeContext, required: boolean): Promise<CapabilityOutcome> {
  const body = chatRequest(ctx, 'chat.structured_output', {
    messages: [{ role: 'user', content: 'Reply with a JSON object whose "answer" is "ok".' }],
    response_format: { type: 'json_schema', json_schema: { name: 'probe_answer', schema: PROBE_SCHEMA, strict: true } },
  });
  const outcome = await chatCall(ctx, body);
  if (!outcome.ok) return missed('chat.structured_output', required, outcome);
  const { latencyMs, httpStatus } = outcome;
  let reply: unknown;
  try {
    reply = JSON.parse(outcome.value.text);
  } catch {
    return notShown('chat.structured_output', required, latencyMs, httpStatus, `A JSON schema was requested, but the reply is not JSON: ${describeReply(outcome.value)}.`);
  }
  const problems = jsonSchemaProblems(PROBE_SCHEMA, reply);
  if (problems.length > 0) {
    return notShown('chat.structured_output', required, latencyMs, httpStatus, `The reply is JSON but does not follow the requested schema: ${problems.slice(0, 3).join('; ')}.`);
  }
  return passed('chat.structured_output', latencyMs, httpStatus, `Replied ${excerpt(outcome.value.text)}, valid against the requested JSON schema.`);
}

async function probeVision(ctx: ProbeContext, required: boolean): Promise<CapabilityOutcome> {
  const body = chatRequest(ctx, 'chat.vision', {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What colour is this image? Answer in one word.' },
          { type: 'image_url', image_url: { url: PROBE_IMAGE_DATA_URL } },
        ],
      },
    ],
  });
  const outcome = await chatCall(ctx, body);
  if (!outcome.ok) return missed('chat.vision', required, outcome);
  return passed('chat.vision', outcome.latencyMs, outcome.httpStatus, `Accepted an inline image and replied ${describeReply(outcome.value)}.`);
}

async function probeCompletion(ctx: ProbeContext, required: boolean): Promise<CapabilityOutcome> {
  const model = ctx.model.upstreamModelId;
  const body = ctx.adapter.shapeCompletionRequest({ model, prompt: 'Say ok.', max_tokens: ctx.adapter.probeMaxTokens(model, 'completion') });
  const outcome = await ctx.postJson('completions', body, (json) => ctx.adapter.parseCompletion(json));
  if (!outcome.ok) return missed('completion', required, outcome);
  const text = outcome.value.text.trim() === '' ? 'an empty completion' : `"${excerpt(outcome.value.text)}"`;
  return passed('completion', outcome.latencyMs, outcome.httpStatus, `Completed the prompt in ${outcome.latencyMs} ms with ${text}.`);
}

async function probeEmbedding(ctx: ProbeContext, required: boolean): Promise<CapabilityOutcome> {
  const body = ctx.adapter.shapeEmbeddingRequest({ model: ctx.model.upstreamModelId, input: 'Model Garden validation probe', encoding_format: 'float' });
  const outcome = await ctx.postJson('embeddings', body, (json) => ctx.adapter.parseEmbeddings(json));
  if (!outcome.ok) return missed('embedding', required, outcome);
  const dimension = outcome.value.vectors[0].length;
  return passed('embedding', outcome.latencyMs, outcome.httpStatus, `Returned a vector of dimension ${dimension}.`, { embeddingDimension: dimension });
}

async function probeImage(ctx: ProbeContext, required: boolean): Promise<CapabilityOutcome> {
  const body = ctx.adapter.shapeImageRequest({
    model: ctx.model.upstreamModelId,
    prompt: 'A small red square on a white background.',
    n: 1,
    size: '256x256',
    response_format: 'b64_json',
  });
  const outcome = await ctx.postJson('images.generations', body, (json) => ctx.adapter.parseImages(json), ctx.imageTimeoutMs);
  if (!outcome.ok) return missed('image', required, outcome);
  const image = outcome.value.images[0];
  const what = image.b64 !== undefined ? `a base64 image (${Math.round((image.b64.length * 3) / 4 / 1024)} KiB)` : 'an image URL';
  return passed('image', outcome.latencyMs, outcome.httpStatus, `Generated ${what} in ${outcome.latencyMs} ms.`);
}

/**
 * Tests one capability with the smallest real call that proves it. A required
 * capability (the model's type) that fails is `fail`; an optional one is `warn`.
 * Calls for the same capability within one run are made once.
 */
export function probeCapability(ctx: ProbeContext, capability: Capability, required: boolean): Promise<CapabilityOutcome> {
  return ctx.once(`capability:${capability}:${required}`, () => {
    switch (capability) {
      case 'chat':
        return probeChat(ctx, required);
      case 'chat.streaming':
      case 'chat.stream_usage':
        return probeStreaming(ctx, capability, required);
      case 'chat.tools':
        return probeTools(ctx, required);
      case 'chat.structured_output':
        return probeStructuredOutput(ctx, required);
      case 'chat.vision':
        return probeVision(ctx, required);
      case 'completion':
        return probeCompletion(ctx, required);
      case 'embedding':
        return probeEmbedding(ctx, required);
      case 'image':
        return probeImage(ctx, required);
      default:
        return unknownCapability(capability);
    }
  });
}
