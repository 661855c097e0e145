import { type ResolvedDeployment } from '@model-garden/contracts';
import { type AppLogger, type ServiceConnections } from '@model-garden/platform';
import { of, throwError } from 'rxjs';
import { type GatewayConfig } from '../config/gateway.config';
import { type GatewayMetrics } from '../metrics/gateway.metrics';
import { DeploymentResolver } from './deployment-resolver.service';

const config = {
  GATEWAY_CACHE_MAX_ENTRIES: 100,
  GATEWAY_MODEL_CACHE_TTL_SECONDS: 60,
  GATEWAY_NEGATIVE_CACHE_TTL_SECONDS: 5,
  GATEWAY_CACHE_STALE_IF_ERROR_SECONDS: 300,
  GATEWAY_REGISTRY_TIMEOUT_MS: 1_000,
} as GatewayConfig;
const metrics = { cacheLookupCounter: () => () => undefined } as unknown as GatewayMetrics;
const logger = { error: () => undefined } as unknown as AppLogger;

function resolved(version: number): ResolvedDeployment {
  return {
    id: 'dep-1',
    workspaceId: 'w',
    key: 'support',
    description: '',
    version,
    publishedAtMs: 0,
    createdAtMs: 0,
    updatedAtMs: 0,
    configJson: JSON.stringify({
      variants: [{ key: 'a', model: { id: 'm', ref: 'acme@openailike/m', owner: 'private', type: 'chat', provider: 'openailike' }, messages: [{ role: 'user', content: 'Hi {{name}}' }], variables: [{ name: 'name', required: true }], parameters: {}, retry: null, fallbacks: [], timeout: null }],
      routing: { rules: [], defaultVariant: 'a' },
    }),
  };
}

describe('DeploymentResolver', () => {
  let answers: Array<ResolvedDeployment | 'missing'>;
  let calls: number;
  const connections = {
    registry: {
      metadata: () => undefined,
      service: {
        resolveDeployment: () => {
          calls += 1;
          const next = answers.shift()!;
          return next === 'missing' ? throwError(() => Object.assign(new Error('not found'), { code: 5 })) : of(next);
        },
      },
    },
  } as unknown as ServiceConnections;

  beforeEach(() => {
    calls = 0;
  });

  it('caches a deployment with its templates compiled, until an event drops it', async () => {
    answers = [resolved(1), resolved(2)];
    const resolver = new DeploymentResolver(connections, config, metrics, logger);
    const first = await resolver.resolve('w', 'support');
    expect(first?.version).toBe(1);
    expect(first?.variant('a').template.messages).toHaveLength(1);
    expect((await resolver.resolve('w', 'support'))?.version).toBe(1);
    expect(calls).toBe(1);
    expect(resolver.invalidate('dep-1', 'w', 'support')).toBe(1);
    expect((await resolver.resolve('w', 'support'))?.version).toBe(2);
    expect(calls).toBe(2);
  });

  it('remembers an unknown key briefly, and forgets it when that key is published', async () => {
    answers = ['missing', resolved(1)];
    const resolver = new DeploymentResolver(connections, config, metrics, logger);
    expect(await resolver.resolve('w', 'support')).toBeNull();
    expect(await resolver.resolve('w', 'support')).toBeNull();
    expect(calls).toBe(1);
    resolver.invalidate('dep-1', 'w', 'support');
    expect((await resolver.resolve('w', 'support'))?.version).toBe(1);
  });
});
