import { Inject, Injectable } from '@nestjs/common';
import { type ApiKeyScope, type AuthenticateApiKeyResponse, REGIONS, type Region } from '@model-garden/contracts';
import { type AppLogger, LOGGER, ServiceConnections } from '@model-garden/platform';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { ResolutionCache } from '../resolution/resolution-cache';
import { callRegistry, isNotFound, isRegistryUnavailable, isUnanswerable } from '../resolution/registry-call.util';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';

/** A workspace API key as the gateway knows it (never the secret). */
export interface WorkspaceKey {
  apiKeyId: string;
  workspaceId: string;
  workspaceSlug: string;
  prefix: string;
  scopes: readonly string[];
  /** 0 when the key never expires. */
  expiresAtMs: number;
  /** The regions whose models the key may use (its workspace's narrowed by its own); null: every region. */
  allowedRegions: readonly Region[] | null;
}

const INFERENCE_SCOPE: ApiKeyScope = 'inference';
const BEARER = /^bearer\s+(\S+)\s*$/i;

/**
 * Resolves `Authorization: Bearer <workspace key>` through the registry's
 * AuthenticateApiKey, cached in process: a known key for the cache TTL, an unknown one
 * briefly. Revocation events drop a key at once (`revoke`).
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache: ResolutionCache<WorkspaceKey>;
  private readonly countLookup: (outcome: string) => void;
  private readonly timeoutMs: number;

  constructor(
    private readonly connections: ServiceConnections,
    config: GatewayConfig,
    metrics: GatewayMetrics,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.countLookup = metrics.cacheLookupCounter('api_key');
    this.cache = new ResolutionCache<WorkspaceKey>({
      maxEntries: config.GATEWAY_CACHE_MAX_ENTRIES,
      maxNegativeEntries: config.GATEWAY_NEGATIVE_CACHE_MAX_ENTRIES,
      ttlMs: config.GATEWAY_AUTH_CACHE_TTL_SECONDS * 1000,
      negativeTtlMs: config.GATEWAY_NEGATIVE_CACHE_TTL_SECONDS * 1000,
      staleIfErrorMs: config.GATEWAY_CACHE_STALE_IF_ERROR_SECONDS * 1000,
    });
    this.timeoutMs = config.GATEWAY_REGISTRY_TIMEOUT_MS;
  }

  /** The caller's workspace key, allowed to run inference; a GatewayError (401/403/503) otherwise. */
  async authenticate(authorization: string | undefined): Promise<WorkspaceKey> {
    const match = authorization === undefined ? null : BEARER.exec(authorization);
    if (match === null) {
      throw new GatewayError(
        401,
        'You didn’t provide an API key. Send your Model Garden workspace API key as "Authorization: Bearer <key>".',
        'authentication_error',
        GATEWAY_ERROR_CODES.missingApiKey,
      );
    }
    const secret = match[1];
    let key = this.cache.fresh(secret, this.countLookup);
    if (key === undefined) {
      try {
        key = await this.cache.get(secret, () => this.load(secret), isRegistryUnavailable, this.countLookup);
      } catch (error) {
        this.logger.error({ err: error }, 'the registry could not authenticate an API key');
        throw registryUnavailable();
      }
    }
    if (key === null || (key.expiresAtMs > 0 && key.expiresAtMs <= Date.now())) {
      throw new GatewayError(401, 'Incorrect API key provided. Check the workspace API key, or create a new one.', 'authentication_error', GATEWAY_ERROR_CODES.invalidApiKey);
    }
    if (!key.scopes.includes(INFERENCE_SCOPE)) {
      throw new GatewayError(
        403,
        `This API key lacks the "${INFERENCE_SCOPE}" scope. Create a key with that scope to call models.`,
        'permission_error',
        GATEWAY_ERROR_CODES.insufficientScope,
      );
    }
    return key;
  }

  /**
   * Whether the header carries a key this gateway has resolved as valid before (its
   * entry fresh or expired, not revoked since): such a key may still be checked from an
   * address that is refused for its failed authentications (a shared NAT).
   */
  isKnown(authorization: string | undefined): boolean {
    const match = authorization === undefined ? null : BEARER.exec(authorization);
    return match !== null && this.cache.hasKnown(match[1]);
  }

  /** Drops a revoked key from the cache; returns how many entries went. */
  revoke(apiKeyId: string, prefix?: string): number {
    return this.cache.invalidate((_secret, value) => value !== null && (value.apiKeyId === apiKeyId || (prefix !== undefined && prefix !== '' && value.prefix === prefix)));
  }

  /** Drops every cached key of a workspace (its allowedRegions changed); returns how many entries went. */
  dropWorkspace(workspaceId: string): number {
    return this.cache.invalidate((_secret, value) => value !== null && value.workspaceId === workspaceId);
  }

  clear(): void {
    this.cache.clear();
  }


  private async load(secret: string): Promise<{ value: WorkspaceKey | null }> {
    const registry = this.connections.registry;
    try {
      const answer = await callRegistry(registry.service.authenticateApiKey({ apiKey: secret }, registry.metadata()), this.timeoutMs);
      return { value: toWorkspaceKey(answer) };
    } catch (error) {
      if (isNotFound(error) || isUnanswerable(error)) return { value: null };
      throw error;
    }
  }
}

function toWorkspaceKey(answer: AuthenticateApiKeyResponse): WorkspaceKey {
  return {
    apiKeyId: answer.apiKeyId,
    workspaceId: answer.workspaceId,
    workspaceSlug: answer.workspaceSlug,
    prefix: answer.prefix,
    scopes: answer.scopes ?? [],
    expiresAtMs: Number(answer.expiresAtMs ?? 0),
    allowedRegions: answer.regionsRestricted ? (answer.allowedRegions ?? []).filter((r): r is Region => (REGIONS as readonly string[]).includes(r)) : null,
  };
}

export function registryUnavailable(): GatewayError {
  return new GatewayError(
    503,
    'The model registry cannot be reached right now. Try again shortly.',
    'api_error',
    GATEWAY_ERROR_CODES.serviceUnavailable,
  );
}
