import type { Exchange } from './exchange';
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
 * Writes a model's successful answer, damaged as the exchange's fault says: `malformed`
 * sends a complete HTTP response whose body is cut JSON; `cut` announces the full length,
 * writes half and destroys the connection.
 */
export function sendResult(exchange: Exchange, payload: unknown): void {
  const fault = exchange.responseFault;
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
