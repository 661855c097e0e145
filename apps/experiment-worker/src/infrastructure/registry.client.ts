import { status as GrpcStatus } from '@grpc/grpc-js';
import { Injectable } from '@nestjs/common';
import { firstValueFrom, timeout } from 'rxjs';
import { type ExperimentCellPlan, type ExperimentRunCredential, type ExperimentRunPlan } from '@model-garden/contracts';
import { ServiceConnections } from '@model-garden/platform';
import { ExperimentWorkerConfig } from '../config/experiment-worker.config';

/** The registry could not answer (down, slow, refused our token): worth retrying later. */
export class RegistryUnavailableError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`registry ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RegistryUnavailableError';
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === GrpcStatus.NOT_FOUND;
}

/** The registry's gRPC API as the experiment worker uses it: typed, bounded, NOT_FOUND as `undefined`. */
@Injectable()
export class RegistryClient {
  constructor(
    private readonly connections: ServiceConnections,
    private readonly config: ExperimentWorkerConfig,
  ) {}

  /** The run's snapshot, or undefined when the run no longer exists. */
  async getRun(runId: string): Promise<ExperimentRunPlan | undefined> {
    const registry = this.connections.registry;
    try {
      return await firstValueFrom(registry.service.getExperimentRun({ runId }, registry.metadata()).pipe(timeout(this.config.REGISTRY_TIMEOUT_MS)));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new RegistryUnavailableError('GetExperimentRun', error);
    }
  }

  /** Pages of the queued cells of one dispatch, until the registry says there are no more. */
  async *listCells(runId: string, dispatch: number, pageSize = 500): AsyncGenerator<ExperimentCellPlan[]> {
    const registry = this.connections.registry;
    let pageToken = '';
    do {
      let page;
      try {
        page = await firstValueFrom(registry.service.listExperimentRunCells({ runId, dispatch, pageSize, pageToken }, registry.metadata()).pipe(timeout(this.config.REGISTRY_TIMEOUT_MS)));
      } catch (error) {
        if (isNotFound(error)) return;
        throw new RegistryUnavailableError('ListExperimentRunCells', error);
      }
      yield page.cells ?? [];
      pageToken = page.nextPageToken ?? '';
    } while (pageToken !== '');
  }

  /** The run's gateway credential, or undefined once the run has ended (its key is revoked). */
  async getCredential(runId: string): Promise<ExperimentRunCredential | undefined> {
    const registry = this.connections.registry;
    try {
      return await firstValueFrom(registry.service.getExperimentRunCredential({ runId }, registry.metadata()).pipe(timeout(this.config.REGISTRY_TIMEOUT_MS)));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new RegistryUnavailableError('GetExperimentRunCredential', error);
    }
  }
}
