import { type Dispatcher } from 'undici';
import { type ByteBudget, ByteBudgetExceeded } from './byte-budget';

/** An upstream answer was larger than the gateway reads (GATEWAY_MAX_RESPONSE_BYTES). */
export class ResponseTooLarge extends Error {
  constructor(limit: number) {
    super(`the upstream answer is larger than ${limit} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

/** The first value of a response header ('' when absent). */
export function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/**
 * Reads an upstream body within a limit. With a declared length that fits, in one
 * piece (no stream iterator); otherwise chunk by chunk. Error bodies are cut at the
 * limit (`truncate`); an answer over it is a ResponseTooLarge. With a `budget`, the
 * bytes are taken from it as they come (ByteBudgetExceeded when they do not fit): the
 * caller gives back the answer's length once done; on a failure here nothing stays taken.
 */
export async function readBody(response: Dispatcher.ResponseData, limit: number, truncate: boolean, budget?: ByteBudget): Promise<Buffer> {
  const body = response.body;
  const declared = Number(headerValue(response.headers['content-length']) || Number.NaN);
  if (Number.isInteger(declared) && declared <= limit) {
    if (budget === undefined) return Buffer.from(await body.arrayBuffer());
    if (!budget.take(declared)) {
      body.destroy();
      throw new ByteBudgetExceeded();
    }
    let read: Buffer;
    try {
      read = Buffer.from(await body.arrayBuffer());
    } catch (error) {
      budget.give(declared);
      throw error;
    }
    // Held from here on: the answer's actual length.
    budget.give(declared - read.length);
    return read;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let taken = 0;
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > limit) {
        if (truncate) {
          chunks.push(bytes.subarray(0, bytes.length - (size - limit)));
          body.destroy();
          break;
        }
        throw new ResponseTooLarge(limit);
      }
      if (budget !== undefined) {
        if (!budget.take(bytes.length)) throw new ByteBudgetExceeded();
        taken += bytes.length;
      }
      chunks.push(bytes);
    }
  } catch (error) {
    budget?.give(taken);
    throw error;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, Math.min(size, limit));
}
