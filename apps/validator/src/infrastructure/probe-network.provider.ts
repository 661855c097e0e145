import { type OnApplicationShutdown } from '@nestjs/common';
import { type Agent } from 'undici';
import { type AppLogger, createGuardedAgent, type OutboundAllowlist, parseOutboundAllowlist, resolveGuarded } from '@model-garden/platform';
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
    const onBlocked = (error: Error & { address?: string; stage?: string }): void => log.warn({ address: error.address, stage: error.stage }, 'outbound call refused');
    this.agent = createGuardedAgent({
      allowlist,
      onBlocked,
      connectTimeoutMs: config.VALIDATOR_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: config.VALIDATOR_IMAGE_TIMEOUT_MS,
      bodyTimeoutMs: config.VALIDATOR_IMAGE_TIMEOUT_MS,
      keepAliveTimeoutMs: 4_000,
    });
    this.network = { dispatcher: this.agent, resolveHost: (host) => resolveGuarded(host, { allowlist, onBlocked }) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}
