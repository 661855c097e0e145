import { SERVICE_TOKEN_VARIABLES } from '@model-garden/contracts';
import { describePlatformServiceCompose, loadComposeProject, sampleSecrets, serviceEnvironment } from '@model-garden/testing';
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

describe('docker-compose.yml: the gateway usage journal', () => {
  it('is in a named volume, so a recreated container still publishes what the last one had not', () => {
    const project = loadComposeProject(sampleSecrets());
    const gateway = project.services['gateway']!;
    const dir = serviceEnvironment(gateway, 'gateway')['GATEWAY_USAGE_JOURNAL_DIR'];
    const volumes = (gateway['volumes'] as string[] | undefined) ?? [];
    const mounted = volumes.map((v) => v.split(':')).find(([, target]) => target === dir);
    expect(mounted).toBeDefined();
    expect(Object.keys(project.volumes ?? {})).toContain(mounted![0]);
  });
});
