import { SERVICE_TOKEN_VARIABLES } from '@model-garden/contracts';
import { describePlatformServiceCompose } from '@model-garden/testing';
import { GatewayConfig } from './gateway.config';

// docker-compose.yml cannot be run here (no Docker engine): check it against the
// gateway's real config validation instead.
describePlatformServiceCompose(GatewayConfig, {
  service: 'gateway',
  hostVariable: 'GATEWAY_HOST',
  portVariable: 'GATEWAY_PORT',
  tokenVariable: SERVICE_TOKEN_VARIABLES.gateway,
  internalPortVariable: 'GATEWAY_INTERNAL_PORT',
  dependsOn: { redis: 'service_healthy', kafka: 'service_healthy', registry: 'service_healthy' },
});
