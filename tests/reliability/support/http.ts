import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, type Dispatcher, request } from 'undici';
import { loadState } from './infra';

/**
 * The reliability tier's HTTP client. Every response it receives (status, headers,
 * body) is appended to `<run>/responses/<pid>.ndjson`, so the secrets scan at the
 * end reads every answer any test saw.
 */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The JSON body, or undefined when it is not JSON. */
  json: unknown;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
  /** Deadline of the whole exchange. */
  timeoutMs?: number;
  /** Close the connection after this exchange (no keep-alive reuse). */
  close?: boolean;
  dispatcher?: Dispatcher;
}

const agent = new Agent({ keepAliveTimeout: 2_000, connections: 64 });
let captureFile: string | undefined;

function capture(entry: object): void {
  if (!captureFile) {
    const dir = join(loadState().dir, 'responses');
    mkdirSync(dir, { recursive: true });
    captureFile = join(dir, `${process.pid}.ndjson`);
  }
  appendFileSync(captureFile, `${JSON.stringify(entry)}\n`);
}

/** Records something a test received outside this client (a Kafka message, an SDK answer). */
export function captureText(source: string, text: string): void {
  capture({ source, text });
}

export async function http(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) body = options.body;
    else {
      body = JSON.stringify(options.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
  }
  const response = await request(url, {
    method: (options.method ?? (body === undefined ? 'GET' : 'POST')) as Dispatcher.HttpMethod,
    headers,
    body,
    dispatcher: options.dispatcher ?? agent,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    reset: options.close ?? false,
  });
  const text = await response.body.text();
  const flatHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flatHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  capture({ url: url.replace(/\?.*$/, ''), status: response.statusCode, headers: flatHeaders, text });
  return { status: response.statusCode, headers: flatHeaders, text, json };
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** A stack trace in a body: "at fn (file.js:1:2)", "at file.ts:3:4", Node's internal frames. */
export const STACK_TRACE = /\bat (?:[\w.<>$[\] ]+ )?\(?(?:\/|node:|file:)[^)\s]*:\d+:\d+\)?|\n\s+at\s/;

export async function closeHttp(): Promise<void> {
  await agent.close();
}
