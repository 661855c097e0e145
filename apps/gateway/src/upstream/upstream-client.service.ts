import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type AppLogger, createGuardedAgent, LOGGER, parseOutboundAllowlist, platformEndpointsFromConfig, registryGrpcEndpoints } from '@model-garden/platform';
import { type Agent, type Dispatcher } from 'undici';
import { type UpstreamTarget } from '../catalogue/serving-model';
import { type CallSignal } from '../inference/exchange';
import { GatewayConfig } from '../config/gateway.config';

/**
 * Every upstream call goes through one guarded undici Agent: a keep-alive pool per
 * upstream origin, connect-time refusal of forbidden addresses (SSRF, DNS rebinding),
 * never a redirect followed.
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  readonly agent: Agent;

  constructor(config: GatewayConfig, @Inject(LOGGER) logger: AppLogger) {
    const log = logger.child({ component: 'upstream' });
    this.agent = createGuardedAgent({
      allowlist: parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST),
      platform: platformEndpointsFromConfig(config, { localPorts: [config.GATEWAY_PORT, config.GATEWAY_INTERNAL_PORT], endpoints: registryGrpcEndpoints(config.REGISTRY_GRPC_URL) }),
      connectTimeoutMs: config.GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS,
      keepAliveTimeoutMs: config.GATEWAY_UPSTREAM_KEEPALIVE_MS,
      headersTimeoutMs: 0,
      bodyTimeoutMs: config.GATEWAY_STREAM_IDLE_TIMEOUT_MS,
      onBlocked: (error) => log.warn({ address: error.address, port: error.port, hostname: error.hostname, category: error.category, reason: error.reason, stage: error.stage }, 'outbound guard refused an upstream address'),
    });
  }

  /** Sends one POST (or GET) and resolves with the response headers; the body is the caller's to read or discard. */
  send(target: UpstreamTarget, method: 'POST' | 'GET', headers: Readonly<Record<string, string>>, body: string | undefined, signal: CallSignal): Promise<Dispatcher.ResponseData> {
    // undici takes any EventTarget-like signal (it checks for addEventListener); CallSignal is one without an AbortController's cost.
    return this.agent.request({ origin: target.origin, path: target.path, method, headers, body, signal: signal as unknown as AbortSignal });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}
