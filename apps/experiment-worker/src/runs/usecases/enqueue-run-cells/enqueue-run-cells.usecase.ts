import { Injectable } from '@nestjs/common';
import { type ExperimentCellJobData, type ChatMessage, type DatapointInputs, experimentCellJobId, JOB_NAMES } from '@model-garden/contracts';
import { CellQueues } from '../../../infrastructure/cell-queues';
import { RegistryClient } from '../../../infrastructure/registry.client';
import { RunContexts } from '../../../infrastructure/run-contexts';
import { type EnqueueRunCellsCommand } from './enqueue-run-cells.command';

export type EnqueueRunCellsResult = { kind: 'enqueued'; cells: number; retried: number } | { kind: 'not-needed'; reason: string };

function parse<T>(json: string, fallback: T): T {
  try {
    return (JSON.parse(json) as T) ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * One BullMQ job per queued cell of the dispatch, listed from the registry over gRPC
 * page by page. The job id is the cell attempt's, so a redelivered event (or two
 * replicas handling one) enqueues nothing twice and a finished cell never runs again;
 * a job that gave up on a cell the registry still waits for is retried.
 */
@Injectable()
export class EnqueueRunCellsUseCase {
  constructor(
    private readonly registry: RegistryClient,
    private readonly runs: RunContexts,
    private readonly queues: CellQueues,
  ) {}

  async execute(command: EnqueueRunCellsCommand): Promise<EnqueueRunCellsResult> {
    if (await this.runs.isCancelled(command.runId, command.dispatch)) return { kind: 'not-needed', reason: 'the run was cancelled' };
    const run = await this.runs.plan(command.runId, command.dispatch);
    if (!run) return { kind: 'not-needed', reason: 'the run no longer exists' };
    if (run.status === 'cancelled') return { kind: 'not-needed', reason: 'the run was cancelled' };
    let cells = 0;
    let retried = 0;
    for await (const page of this.registry.listCells(command.runId, command.dispatch)) {
      if (page.length === 0) continue;
      const jobs = await this.queues.cells.addBulk(
        page.map((cell) => {
          const data: ExperimentCellJobData = {
            runId: command.runId,
            workspaceId: command.workspaceId,
            cellId: cell.cellId,
            attempt: cell.attempt,
            dispatch: command.dispatch,
            datapointId: cell.datapointId,
            rowIndex: cell.rowIndex,
            columnId: cell.columnId,
            repetition: cell.repetition,
            inputs: parse<DatapointInputs>(cell.inputsJson, {}),
            messages: parse<ChatMessage[] | null>(cell.messagesJson, null),
            expectedOutput: cell.expectedOutput ?? null,
            eventId: command.eventId,
          };
          return { name: JOB_NAMES.runExperimentCell, data, opts: { jobId: experimentCellJobId(cell.cellId, cell.attempt) } };
        }),
      );
      cells += page.length;
      // A cell still queued in the registry whose job already gave up (its result could not
      // even be published) is retried: the registry asked again because it never heard back.
      for (const job of jobs) {
        if (job.data.eventId !== command.eventId && (await job.getState()) === 'failed') {
          await job.retry('failed').catch(() => undefined);
          retried += 1;
        }
      }
    }
    return { kind: 'enqueued', cells, retried };
  }
}
