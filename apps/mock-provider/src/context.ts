import type { ModelCatalogue } from './catalogue/catalogue';
import type { JsonObject } from './http/body';
import type { Exchange } from './http/exchange';
import type { ModelEntry } from './catalogue/model.types';

/** What the handlers share for the life of one server. */
export interface ProviderContext {
  readonly catalog: ModelCatalogue;
  readonly apiKey: Buffer;
  /** Added to every `/v1` response. */
  readonly latencyMs: number;
  readonly bodyLimitBytes: number;
  /** The image every generation returns, made once at start. */
  readonly pngBase64: string;
  /** `prefix` + a per-process sequence number: unique, cheap and reproducible. */
  nextId(prefix: string): string;
}

/** Answers a model call once the request body is read and the model resolved. */
export type ModelHandler = (exchange: Exchange, body: JsonObject, model: ModelEntry, context: ProviderContext) => void | Promise<void>;
