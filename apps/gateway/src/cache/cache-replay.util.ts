import { type ServerResponse } from 'node:http';
import { RESPONSE_CACHE } from '@model-garden/contracts';
import { type ServingModel } from '../catalogue/serving-model';
import { sendJson } from '../http/http-io.util';
import { type Exchange } from '../inference/exchange';
import { isRecord } from '../inference/request-options.util';
import { type CacheEntry } from './cached-call';
import { replayAsSse } from './sse-replay.util';

const HEADER_MODEL = 'x-model-garden-model';

/**
 * Answers a request from its cache entry: JSON, or, for `stream: true`, the entry
 * replayed as SSE in the upstream's chunk shapes. The exchange records the entry's
 * tokens (its usage event is marked cached, with cost 0). A deployment's shaper reshapes
 * the entry (stored in OpenAI's shape) into orq.ai's, with its headers.
 */
export function answerFromCache(exchange: Exchange, res: ServerResponse, body: Record<string, unknown>, model: ServingModel, entry: CacheEntry): void {
  exchange.status = 200;
  exchange.committed = true;
  exchange.consumption = { images: 0, estimated: false, inputTokens: entry.inputTokens, outputTokens: entry.outputTokens };
  const shaper = exchange.shaper;
  if (shaper !== undefined) shaper.cached = true;
  const headers = { ...shaper?.headers, [HEADER_MODEL]: model.ref, [RESPONSE_CACHE.header]: 'hit' };
  if (body['stream'] === true && exchange.spec.streams) {
    exchange.streamed = true;
    const options = isRecord(body['stream_options']) ? body['stream_options'] : {};
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
      'x-request-id': exchange.requestId,
    });
    const replayed = replayAsSse(exchange.spec.endpoint, entry.answer, options['include_usage'] === true);
    exchange.lastWrite();
    if (shaper === undefined) {
      res.end(replayed);
      return;
    }
    // A deployment's stream: the replayed upstream events reshaped like live ones, then its final event.
    const usage = { promptTokens: entry.inputTokens, completionTokens: entry.outputTokens, totalTokens: entry.inputTokens + entry.outputTokens };
    res.end(`${shaper.events(Buffer.from(replayed), model) ?? ''}${shaper.finish(model, usage)}`);
    return;
  }
  const answer = shaper === undefined ? Buffer.from(JSON.stringify(entry.answer)) : shaper.json(entry.answer, model);
  exchange.lastWrite();
  sendJson(res, 200, exchange.requestId, answer, headers);
}
