import { Injectable } from '@nestjs/common';
import { type ExperimentRunCredential } from '@model-garden/contracts';
import { RegistryException } from '../../../shared/registry.exception';
import { RunCredentials } from '../../run-credentials.service';
import { type GetRunCredentialCommand } from './get-run-credential.command';
import { RunRepository } from '../../run.repository';

/**
 * The run's gateway credential in clear, for the experiment worker only (gRPC
 * GetExperimentRunCredential). NOT_FOUND once the run has ended: its key is revoked.
 */
@Injectable()
export class GetRunCredentialUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly credentials: RunCredentials,
  ) {}

  async execute(command: GetRunCredentialCommand): Promise<ExperimentRunCredential> {
    const run = await this.runs.findRun(command.runId);
    const credential = run && (run.status === 'queued' || run.status === 'running') ? this.credentials.reveal(run) : undefined;
    if (!credential) throw RegistryException.notFound('active run (it has ended, and its credential is revoked)');
    return { apiKey: credential.apiKey, expiresAtMs: credential.expiresAt.getTime() };
  }
}
