import { EventEmitter } from 'node:events';
import { type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { type Dispatcher } from 'undici';

/**
 * A ServerResponse as the inference path uses it (writeHead, write, end, close), that
 * keeps what was written: for the unit specs of the request path's parts.
 */
export class ResponseDouble extends EventEmitter {
  statusCode = 0;
  headers: OutgoingHttpHeaders = {};
  headersSent = false;
  destroyed = false;
  writableFinished = false;
  writableNeedDrain = false;
  readonly chunks: string[] = [];

  writeHead(status: number, headers: OutgoingHttpHeaders = {}): this {
    this.statusCode = status;
    this.headers = { ...headers };
    this.headersSent = true;
    return this;
  }

  flushHeaders(): void {}

  write(chunk: string | Buffer): boolean {
    this.chunks.push(chunk.toString());
    return true;
  }

  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.chunks.push(chunk.toString());
    this.writableFinished = true;
    this.emit('finish');
    this.emit('close');
    return this;
  }

  destroy(): this {
    this.destroyed = true;
    this.emit('close');
    return this;
  }

  /** The client goes away before the answer finished. */
  hangUp(): void {
    this.emit('close');
  }

  get text(): string {
    return this.chunks.join('');
  }

  json(): Record<string, unknown> {
    return JSON.parse(this.text) as Record<string, unknown>;
  }

  asResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}

/** An undici answer: status, headers and a body read whole (`arrayBuffer`) or chunk by chunk. */
export function upstreamAnswer(status: number, body: string | string[], headers: Record<string, string> = {}): Dispatcher.ResponseData {
  const parts = (Array.isArray(body) ? body : [body]).map((part) => Buffer.from(part));
  let destroyed = false;
  const readable = {
    async arrayBuffer(): Promise<ArrayBuffer> {
      const whole = Buffer.concat(parts);
      return whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.length);
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
      for (const part of parts) {
        if (destroyed) return;
        yield part;
      }
    },
    destroy(): void {
      destroyed = true;
    },
  };
  return { statusCode: status, headers, body: readable } as unknown as Dispatcher.ResponseData;
}

/** A JSON upstream answer with its content-length, as an OpenAI-compatible provider sends it. */
export function jsonAnswer(status: number, json: unknown, headers: Record<string, string> = {}): Dispatcher.ResponseData {
  const text = JSON.stringify(json);
  return upstreamAnswer(status, text, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
}

/** An OpenAI chat completion with usage. */
export function chatCompletion(content = 'hello', usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 }): Record<string, unknown> {
  return { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'upstream-chat', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage };
}
