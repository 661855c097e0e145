import { type OnApplicationShutdown } from '@nestjs/common';
import { type Agent } from 'undici';
import { type AppLogger, createGuardedAgent, type OutboundAllowlist, type OutboundBlockedError, parseOutboundAllowlist, platformEndpointsFromConfig, registryGrpcEndpoints, resolveGuarded } from '@model-garden/platform';
import { type ProbeNetwork } from '@model-garden/providers';
import { type ValidatorConfig } from '../config/validator.config';

/**
 * The network probes use: the outbound guard's agent (refuses loopback, private,
 * link-local and metadata addresses at connect time unless OUTBOUND_ALLOWLIST opens
 * them) and its resolver for the connectivity probe's DNS step. A bad allowlist
 * entry stops the validator at boot.
 */
export class ProbeNetworkProvider implements OnApplicationShutdown {
  readonly network: ProbeNetwork;
  private readonly agent: Agent;

  constructor(config: ValidatorConfig, logger: AppLogger) {
    const allowlist: OutboundAllowlist = parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
    const log = logger.child({ component: 'outbound-guard' });
    const platform = platformEndpointsFromConfig(config, { localPorts: [config.VALIDATOR_PORT, config.VALIDATOR_INTERNAL_PORT], endpoints: registryGrpcEndpoints(config.REGISTRY_GRPC_URL) });
    const onBlocked = (error: OutboundBlockedError): void =>
      log.warn({ address: error.address, port: error.port, hostname: error.hostname, reason: error.reason, stage: error.stage }, 'outbound call refused');
    this.agent = createGuardedAgent({
      allowlist,
      platform,
      onBlocked,
      connectTimeoutMs: config.VALIDATOR_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: config.VALIDATOR_IMAGE_TIMEOUT_MS,
      bodyTimeoutMs: config.VALIDATOR_IMAGE_TIMEOUT_MS,
      keepAliveTimeoutMs: 4_000,
    });
    this.network = { dispatcher: this.agent, resolveHost: (host, port) => resolveGuarded(host, { allowlist, platform, onBlocked, port }) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}
