import type { AnswerShape, Exchange } from './exchange';
import type { OpenAIError } from './mock-provider.exception';

const JSON_TYPE = 'application/json';

/** Writes a complete JSON response (errors, admin answers: never damaged by faults). */
export function sendJson(exchange: Exchange, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  exchange.res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) });
  exchange.res.end(body);
}

export function sendError(exchange: Exchange, error: OpenAIError): void {
  const res = exchange.res;
  if (error.headers) for (const [name, value] of Object.entries(error.headers)) if (value !== undefined) res.setHeader(name, value);
  sendJson(exchange, error.status, error.toBody());
}

/**
 * A successful answer altered by the scenario: another reported prompt token count,
 * another content type, or padding sent in 64 KiB chunks without a content length (a
 * huge answer the reader cannot size in advance).
 */
function sendShaped(exchange: Exchange, payload: Record<string, unknown>, shape: AnswerShape): void {
  const usage = payload['usage'];
  if (shape.promptTokens !== undefined && typeof usage === 'object' && usage !== null) {
    const counts = usage as Record<string, unknown>;
    counts['prompt_tokens'] = shape.promptTokens;
    counts['total_tokens'] = shape.promptTokens + (typeof counts['completion_tokens'] === 'number' ? counts['completion_tokens'] : 0);
  }
  const res = exchange.res;
  const contentType = shape.contentType ?? JSON_TYPE;
  if (shape.paddingBytes === undefined) {
    const body = JSON.stringify(payload);
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const head = JSON.stringify(payload).slice(0, -1);
  res.writeHead(200, { 'content-type': contentType });
  res.write(`${head},"mock_padding":"`);
  const block = Buffer.alloc(65_536, 'x');
  let left = shape.paddingBytes;
  const pump = (): void => {
    while (left > 0 && !exchange.aborted && !res.destroyed) {
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!exchange.aborted && !res.destroyed) res.end('"}');
  };
  pump();
}

/**
 * Writes a model's successful answer, damaged as the exchange's fault says: `malformed`
 * sends a complete HTTP response whose body is cut JSON; `cut` announces the full length,
 * writes half and destroys the connection.
 */
export function sendResult(exchange: Exchange, payload: unknown): void {
  const fault = exchange.responseFault;
  if (exchange.answerShape !== undefined && fault === undefined) return sendShaped(exchange, payload as Record<string, unknown>, exchange.answerShape);
  if (fault === undefined) return sendJson(exchange, 200, payload);
  const body = JSON.stringify(payload);
  const half = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  const res = exchange.res;
  if (fault.kind === 'malformed') {
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(half) });
    res.end(half);
    return;
  }
  res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) });
  res.write(half);
  exchange.cutByServer();
}
