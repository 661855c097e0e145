import { Injectable } from '@nestjs/common';
import { checkOutboundUrl, type OutboundAllowlist, parseOutboundAllowlist, type PlatformEndpoints, platformEndpointsFromConfig } from '@model-garden/platform';
import { MODEL_RULES } from '@model-garden/contracts';
import { RegistryConfig } from '../config/registry.config';

/**
 * The registry's input check of base URLs against the outbound guard (the
 * validator and the gateway check again when they connect). A host that does not
 * resolve right now is accepted: validation then reports it as unreachable, with
 * the reason, instead of refusing a configuration over a passing DNS failure.
 */
@Injectable()
export class OutboundPolicy {
  readonly allowlist: OutboundAllowlist;
  /** The platform's own endpoints: a base URL never points at them. */
  readonly platform: PlatformEndpoints;

  constructor(config: RegistryConfig) {
    this.allowlist = parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
    const grpcPort = Number(config.REGISTRY_GRPC_BIND.slice(config.REGISTRY_GRPC_BIND.lastIndexOf(':') + 1));
    this.platform = platformEndpointsFromConfig(config, {
      localPorts: [config.REGISTRY_PORT, config.REGISTRY_INTERNAL_PORT, grpcPort],
      endpoints: [config.DATABASE_URL, config.REGISTRY_GRPC_BIND],
    });
  }

  /** An error message for the client, or the normalized URL. */
  async check(raw: string): Promise<{ ok: true; href: string } | { ok: false; message: string }> {
    const result = await checkOutboundUrl(raw, { ...MODEL_RULES.baseUrl.shape, allowlist: this.allowlist, platform: this.platform, dnsTimeoutMs: 2_000 });
    if (result.ok) return { ok: true, href: result.href };
    if (result.code === 'unresolvable_host') {
      return { ok: true, href: new URL(raw.trim()).href };
    }
    return { ok: false, message: result.message };
  }
}
