import { type IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import { clientAddress, TrustedProxies } from '@model-garden/platform';
import { GatewayConfig } from '../config/gateway.config';
import { HOP_HEADER } from '../shared/hop-header';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { ApiKeyAuthenticator, type WorkspaceKey } from './api-key-authenticator.service';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { ApiKeyRateLimiter } from './api-key.rate-limiter';


/** An admitted request: its key, holding one in-flight slot until `release`. */
export interface Admission {
  key: WorkspaceKey;
}

/**
 * Everything the gateway decides from the request line and headers alone, before a
 * byte of the body is read: loop refusal (hop header), the per-address limit on failed
 * authentications (keys seen valid before still pass), the key (cached registry lookup), the key's rate limit, and the
 * in-flight caps (per key, then in total). A refusal here is answered with the
 * connection closed, so an unknown caller cannot make the gateway read (or wait for)
 * its body. Every `/v1` and `/v2` route admits through here. The client's address is
 * the peer's, or behind a trusted proxy the one the proxy forwarded (`clientAddress`).
 */
@Injectable()
export class RequestAdmission {
  private readonly failures: AuthFailureLimiter;
  private readonly trustedProxies: TrustedProxies;
  private readonly perKey = new Map<string, number>();
  private readonly maxPerKey: number;
  private readonly maxTotal: number;
  private total = 0;

  constructor(
    config: GatewayConfig,
    private readonly auth: ApiKeyAuthenticator,
    private readonly rateLimit: ApiKeyRateLimiter,
  ) {
    this.failures = new AuthFailureLimiter({ limit: config.GATEWAY_AUTH_FAILURES_PER_MINUTE });
    this.trustedProxies = TrustedProxies.parse(config.GATEWAY_TRUSTED_PROXIES, 'GATEWAY_TRUSTED_PROXIES');
    this.maxPerKey = config.GATEWAY_MAX_IN_FLIGHT_PER_KEY;
    this.maxTotal = config.GATEWAY_MAX_IN_FLIGHT;
  }

  /** Requests admitted and not yet released. */
  get inFlight(): number {
    return this.total;
  }

  /** Admits the request or throws a GatewayError (401, 403, 429, 503, 508); on success the caller must `release`. */
  async admit(req: IncomingMessage): Promise<Admission> {
    const headers = req.headers;
    if (headers[HOP_HEADER] !== undefined) throw loopDetected();
    // Behind a trusted proxy (GATEWAY_TRUSTED_PROXIES) the client is read from X-Forwarded-For, else it is the peer.
    const address = clientAddress(req.socket.remoteAddress, headers['x-forwarded-for'], this.trustedProxies);
    if (this.failures.enabled) {
      const wait = this.failures.retryAfterSeconds(address);
      // Only keys seen valid before are still checked from such an address: nothing new reaches the registry.
      if (wait > 0 && !this.auth.isKnown(headers.authorization)) throw tooManyFailures(wait);
    }
    let key: WorkspaceKey;
    try {
      key = await this.auth.authenticate(headers.authorization);
    } catch (error) {
      if (error instanceof GatewayError && error.status === 401) this.failures.recordFailure(address);
      throw error;
    }
    await this.rateLimit.admit(key.apiKeyId);
    if (this.total >= this.maxTotal) throw gatewayBusy();
    if (this.maxPerKey > 0) {
      const held = this.perKey.get(key.apiKeyId) ?? 0;
      if (held >= this.maxPerKey) throw keyBusy(this.maxPerKey);
      this.perKey.set(key.apiKeyId, held + 1);
    }
    this.total += 1;
    return { key };
  }

  release(admission: Admission): void {
    this.total -= 1;
    if (this.maxPerKey <= 0) return;
    const id = admission.key.apiKeyId;
    const held = this.perKey.get(id) ?? 1;
    if (held <= 1) this.perKey.delete(id);
    else this.perKey.set(id, held - 1);
  }
}

function loopDetected(): GatewayError {
  return new GatewayError(
    508,
    'This request has already passed through a Model Garden gateway: a model whose base URL points back at the gateway would loop. Point the model at its provider.',
    'invalid_request_error',
    GATEWAY_ERROR_CODES.loopDetected,
  );
}

function tooManyFailures(seconds: number): GatewayError {
  return new GatewayError(
    429,
    `Too many failed authentications from your address. Retry after ${seconds} s with a valid workspace API key.`,
    'rate_limit_error',
    GATEWAY_ERROR_CODES.rateLimited,
    null,
    { 'retry-after': String(seconds) },
  );
}

function keyBusy(limit: number): GatewayError {
  return new GatewayError(
    429,
    `This API key already has ${limit} requests in flight. Wait for one to finish, then retry.`,
    'rate_limit_error',
    GATEWAY_ERROR_CODES.tooManyInFlight,
    null,
    { 'retry-after': '1' },
  );
}

function gatewayBusy(): GatewayError {
  return new GatewayError(503, 'The gateway is at its limit of requests in flight. Retry shortly.', 'api_error', GATEWAY_ERROR_CODES.serviceUnavailable, null, {
    'retry-after': '1',
  });
}
