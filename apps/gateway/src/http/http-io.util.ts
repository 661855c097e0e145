import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';

/** A `/v1` request as the handlers see it: its id, its headers and its parsed JSON body. */
export interface InboundRequest {
  id: string;
  method: string;
  /** The path without the query string. */
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** Whether the client sent the request id (then it may not be unique). */
  clientRequestId: boolean;
}

/** Writes a JSON answer in one write (headers and body together), always typed by the gateway itself (JSON, nosniff). */
export function sendJson(res: ServerResponse, status: number, requestId: string, body: Buffer | string | object, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'x-content-type-options': 'nosniff',
    'content-length': payload.length,
    'x-request-id': requestId,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, requestId: string, error: GatewayError, headers: OutgoingHttpHeaders = {}): void {
  sendJson(res, error.status, requestId, error.toBody(), { ...error.headers, ...headers });
}

export class BodyReadError extends Error {
  constructor(readonly failure: GatewayError) {
    super(failure.message);
  }
}

/**
 * Reads a JSON request body within the size limit. A declared or actual size over
 * the limit is a 413 (the connection is then closed: the rest of the body is not
 * read); a body that is not JSON is a 400; a non-JSON content type is a 415.
 */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !/json/i.test(contentType)) {
    return Promise.reject(
      new BodyReadError(new GatewayError(415, 'Send the body as JSON with "Content-Type: application/json".', 'invalid_request_error', GATEWAY_ERROR_CODES.unsupportedMediaType)),
    );
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) return Promise.reject(new BodyReadError(tooLarge(limitBytes)));
  return new Promise<unknown>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        reject(new BodyReadError(tooLarge(limitBytes)));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      if (size === 0) {
        reject(new BodyReadError(GatewayError.invalidRequest('The request body is empty; send a JSON object.', null, GATEWAY_ERROR_CODES.invalidJson)));
        return;
      }
      const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new BodyReadError(GatewayError.invalidRequest('We could not parse the JSON body of your request. Send valid JSON.', null, GATEWAY_ERROR_CODES.invalidJson)));
      }
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError(413, `The request body is larger than ${limitBytes} bytes.`, 'invalid_request_error', GATEWAY_ERROR_CODES.payloadTooLarge);
}
