import type { Exchange } from './exchange';
import { bodyTooLarge, invalidJson, invalidRequest } from './mock-provider.exception';

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the request body as a JSON object, refusing more than `limitBytes` (413). */
export function readJsonBody(exchange: Exchange, limitBytes: number): Promise<JsonObject> {
  const req = exchange.req;
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) return Promise.reject(bodyTooLarge(limitBytes));
  return new Promise<JsonObject>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limitBytes) {
        refused = true;
        chunks.length = 0;
        reject(bodyTooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (refused) return;
      const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        reject(invalidJson());
        return;
      }
      if (isRecord(parsed)) resolve(parsed);
      else reject(invalidRequest('The request body must be a JSON object.'));
    });
    req.once('error', reject);
  });
}
