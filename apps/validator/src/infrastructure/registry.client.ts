import { status as GrpcStatus } from '@grpc/grpc-js';
import { Injectable } from '@nestjs/common';
import { firstValueFrom, timeout } from 'rxjs';
import { type ActiveModel, type ResolvedModel } from '@model-garden/contracts';
import { ServiceConnections } from '@model-garden/platform';
import { ValidatorConfig } from '../config/validator.config';

/** The registry could not answer (down, slow, refused our token): worth retrying later. */
export class RegistryUnavailableError extends Error {
  /** The gRPC status code, when the registry answered with one. */
  readonly grpcCode: number | undefined;

  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`registry ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RegistryUnavailableError';
    this.grpcCode = grpcCode(cause);
  }
}

function grpcCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : undefined;
}

/** The registry's gRPC API as the validator uses it: typed, bounded, NOT_FOUND as `undefined`. */
@Injectable()
export class RegistryClient {
  constructor(
    private readonly connections: ServiceConnections,
    private readonly config: ValidatorConfig,
  ) {}

  /** The model with its decrypted provider key, or undefined when it no longer exists. */
  async getModelForValidation(modelId: string): Promise<ResolvedModel | undefined> {
    const registry = this.connections.registry;
    try {
      // After a registry restart the channel may still be between reconnect attempts, where a call fails at once:
      // wait for the connection (within the call's time budget) so a validation does not fail for a restart it outlived.
      await registry.ready(this.config.REGISTRY_TIMEOUT_MS).catch(() => undefined);
      return await firstValueFrom(registry.service.getModelForValidation({ modelId }, registry.metadata()).pipe(timeout(this.config.REGISTRY_TIMEOUT_MS)));
    } catch (error) {
      if (grpcCode(error) === GrpcStatus.NOT_FOUND) return undefined;
      throw new RegistryUnavailableError('GetModelForValidation', error);
    }
  }

  /** Pages of the models in service (active or degraded), until the registry says there are no more. */
  async *listActiveModels(pageSize = 500): AsyncGenerator<ActiveModel[]> {
    const registry = this.connections.registry;
    let pageToken = '';
    do {
      let page;
      try {
        page = await firstValueFrom(registry.service.listActiveModels({ pageSize, pageToken }, registry.metadata()).pipe(timeout(this.config.REGISTRY_TIMEOUT_MS)));
      } catch (error) {
        throw new RegistryUnavailableError('ListActiveModels', error);
      }
      yield page.models ?? [];
      pageToken = page.nextPageToken ?? '';
    } while (pageToken !== '');
  }
}
