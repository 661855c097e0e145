import { Injectable } from '@nestjs/common';
import { type DeploymentCacheInvalidation, deploymentCacheGenerationKey } from '@model-garden/contracts';
import { RegistryConfig } from '../../../config/registry.config';
import { RegistryRedis } from '../../../infrastructure/redis.provider';
import { RegistryException } from '../../../shared/registry.exception';
import { DeploymentRepository } from '../../deployment.repository';
import { type InvalidateDeploymentCacheCommand } from './invalidate-deployment-cache.command';

/**
 * Makes every cached answer of a deployment a miss from now on, at every gateway: the
 * deployment's cache generation in Redis is incremented (INCR, atomic), and gateways
 * read it in the same round trip as each cache entry, whose key ends with it. Old
 * entries are never read again and expire with their TTL; nothing scans Redis.
 */
@Injectable()
export class InvalidateDeploymentCacheUseCase {
  private readonly redisPrefix: string;

  constructor(
    config: RegistryConfig,
    private readonly redis: RegistryRedis,
    private readonly deployments: DeploymentRepository,
  ) {
    this.redisPrefix = config.REDIS_PREFIX;
  }

  async execute(command: InvalidateDeploymentCacheCommand): Promise<DeploymentCacheInvalidation> {
    const deployment = await this.deployments.getByKey(command.auth.workspaceId, command.key);
    let generation: number;
    try {
      generation = await this.redis.client.incr(deploymentCacheGenerationKey(this.redisPrefix, deployment.id));
    } catch {
      throw RegistryException.unavailable('redis');
    }
    return { key: deployment.key, generation, invalidatedAt: new Date().toISOString() };
  }
}
