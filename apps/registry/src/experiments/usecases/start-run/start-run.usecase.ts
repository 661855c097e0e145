import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, type ExperimentRunRequestedData, type RunView, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryConfig } from '../../../config/registry.config';
import { DatasetRepository } from '../../../datasets/dataset.repository';
import { OutboxService } from '../../../outbox/outbox.service';
import { RegistryException } from '../../../shared/registry.exception';
import { toRunView } from '../../experiment.mapper';
import { ExperimentRepository } from '../../experiment.repository';
import { ExperimentRules } from '../../experiment-rules.service';
import { RunCredentials } from '../../run-credentials.service';
import { RunEntity } from '../../run.entity';
import { type StartRunCommand } from './start-run.command';
import { RunRepository } from '../../run.repository';
import { CellRepository } from '../../cell.repository';

/**
 * Starts a run: snapshots the experiment (dataset revision, columns with their models'
 * prices, evaluators with their settings), creates every cell queued, mints the run's
 * gateway credential and writes ExperimentRunRequested to the outbox, all in one
 * transaction. The worker takes it from there; the registry closes the run when no
 * cell is left queued.
 */
@Injectable()
export class StartRunUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly experiments: ExperimentRepository,
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
    private readonly datasets: DatasetRepository,
    private readonly rules: ExperimentRules,
    private readonly credentials: RunCredentials,
    private readonly outbox: OutboxService,
    private readonly config: RegistryConfig,
  ) {}

  async execute(command: StartRunCommand): Promise<RunView> {
    const { auth } = command;
    return this.dataSource.transaction(async (manager) => {
      const experiment = await this.experiments.getInWorkspace(auth.workspaceId, command.experimentId, manager, true);
      const checked = await this.rules.check(auth, experiment, manager);
      // The dataset cannot change under the snapshot: its revision is read under its lock.
      const dataset = await this.datasets.getInWorkspace(auth.workspaceId, experiment.datasetId, manager, true);
      if (dataset.rowCount === 0) throw RegistryException.field('datasetId', 'The dataset has no datapoints; add or import some first.');
      const cells = dataset.rowCount * experiment.columns.length * experiment.repetitions;
      if (cells > this.config.EXPERIMENT_MAX_RUN_CELLS) {
        throw RegistryException.field('repetitions', `The run would have ${cells} cells (rows × columns × repetitions); at most ${this.config.EXPERIMENT_MAX_RUN_CELLS} are allowed. Use fewer repetitions or columns, or a smaller dataset.`);
      }
      const now = new Date();
      const run = Object.assign(new RunEntity(), {
        id: randomUUID(),
        experimentId: experiment.id,
        workspaceId: auth.workspaceId,
        number: experiment.runCount + 1,
        status: 'queued' as const,
        statusMessage: null,
        snapshot: {
          datasetId: dataset.id,
          datasetName: dataset.name,
          datasetRevision: dataset.revision,
          rowCount: dataset.rowCount,
          columns: checked.columns,
          columnPricing: checked.columnPricing,
          evaluators: checked.evaluators,
          repetitions: experiment.repetitions,
          concurrencyPerModel: experiment.concurrencyPerModel,
        },
        datasetId: dataset.id,
        datasetRevision: dataset.revision,
        dispatch: 1,
        totalCount: 0,
        queuedCount: 0,
        completedCount: 0,
        failedCount: 0,
        cancelledCount: 0,
        credentialApiKeyId: null,
        credentialCiphertext: null,
        credentialKeyId: null,
        credentialExpiresAt: null,
        createdAt: now,
        startedAt: null,
        finishedAt: null,
        updatedAt: now,
      } satisfies RunEntity);
      await this.credentials.mint(manager, run, `experiment ${experiment.name} run ${run.number}`, auth.keyRegions);
      await this.runs.insert(manager, run);
      const inserted = await this.cells.insertCells(manager, run.id, dataset.id, dataset.revision, checked.columns.map((c) => c.id), experiment.repetitions);
      run.totalCount = inserted;
      run.queuedCount = inserted;
      await this.runs.saveRun(manager, run);
      await this.experiments.recordRun(manager, experiment.id, run.number, run.id, now);
      const data: ExperimentRunRequestedData = { runId: run.id, experimentId: experiment.id, workspaceId: auth.workspaceId, dispatch: 1, cellCount: inserted };
      await this.outbox.append(manager, TOPICS.experiments, EVENT_TYPES.experimentRunRequested, run.id, data);
      return toRunView(run);
    });
  }
}
