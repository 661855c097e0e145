import { type GrpcCapabilities, type GrpcPricing, type ResolvedModel } from '@model-garden/contracts';
import { adapterById, adapterForBaseUrl, type Endpoint, type ProviderAdapter } from '@model-garden/providers';
import { HOP_HEADER } from '../shared/hop-header';

/** What the gateway's configuration decides about a model when it is resolved. */
export interface ServingPolicy {
  /** Vision requests may carry only `data:` image URLs (see GATEWAY_DATA_IMAGES_ONLY). */
  dataImagesOnly?: boolean;
}

/** Where one endpoint of a model is, split for undici's dispatcher (origin + path). */
export interface UpstreamTarget {
  origin: string;
  path: string;
}

/**
 * A resolved model ready to serve: its configuration, its provider adapter, its
 * upstream targets and request headers computed once per cache load. The provider
 * key lives only in a private field and in the prepared headers; `toJSON` leaves
 * both out, so a model logged by mistake never carries it.
 */
export class ServingModel {
  readonly id: string;
  readonly workspaceId: string;
  readonly ref: string;
  readonly key: string;
  readonly owner: string;
  readonly type: string;
  readonly status: string;
  readonly statusMessage: string;
  readonly revision: number;
  readonly name: string;
  readonly provider: string;
  /** `us` or `eu`: checked against the caller's allowedRegions, recorded with usage. */
  readonly region: string;
  readonly upstreamModelId: string;
  readonly maxTokens: number | undefined;
  readonly temperature: number | undefined;
  readonly pricing: Readonly<GrpcPricing>;
  readonly capabilities: Readonly<GrpcCapabilities>;
  readonly adapter: ProviderAdapter;
  readonly baseUrl: string;
  /** Headers of every upstream call: the provider credential, JSON content type. */
  readonly headers: Readonly<Record<string, string>>;
  /** Image parts must be `data:` URLs: the upstream never fetches a URL on a caller's behalf. */
  readonly dataImagesOnly: boolean;
  readonly #apiKey: string;
  readonly #targets = new Map<Endpoint, UpstreamTarget>();

  constructor(resolved: ResolvedModel, policy: ServingPolicy = {}) {
    this.id = resolved.id;
    this.workspaceId = resolved.workspaceId;
    this.ref = resolved.ref;
    this.key = resolved.key;
    this.owner = resolved.owner;
    this.type = resolved.type;
    this.status = resolved.status;
    this.statusMessage = resolved.statusMessage ?? '';
    this.revision = resolved.revision;
    this.name = resolved.name;
    this.provider = resolved.provider ?? '';
    this.region = resolved.region ?? '';
    this.upstreamModelId = resolved.upstreamModelId;
    this.maxTokens = positiveOrUndefined(resolved.maxTokens);
    this.temperature = typeof resolved.temperature === 'number' && Number.isFinite(resolved.temperature) ? resolved.temperature : undefined;
    this.pricing = resolved.pricing ?? {};
    this.capabilities = resolved.capabilities ?? {};
    this.baseUrl = resolved.baseUrl;
    this.adapter = (this.owner === 'public' ? adapterById(this.provider) : undefined) ?? adapterForBaseUrl(resolved.baseUrl);
    this.#apiKey = resolved.apiKey;
    this.dataImagesOnly = policy.dataImagesOnly === true;
    // The hop header marks the call as coming from the gateway: if it reaches a gateway again (a base URL pointing back), it is refused there.
    this.headers = Object.freeze({
      ...this.adapter.headers(resolved.apiKey),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      [HOP_HEADER]: '1',
    });
  }

  /** The provider key, for scrubbing it out of upstream messages. */
  get secret(): string {
    return this.#apiKey;
  }

  target(endpoint: Endpoint): UpstreamTarget {
    let target = this.#targets.get(endpoint);
    if (target === undefined) {
      const url = new URL(this.adapter.url(this.baseUrl, endpoint));
      target = { origin: url.origin, path: `${url.pathname}${url.search}` };
      this.#targets.set(endpoint, target);
    }
    return target;
  }

  toJSON(): Record<string, unknown> {
    return { id: this.id, ref: this.ref, type: this.type, status: this.status, revision: this.revision, adapter: this.adapter.id };
  }
}

function positiveOrUndefined(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}
