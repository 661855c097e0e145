import { type ExperimentCellJobData } from '@model-garden/contracts';

/** One cell attempt as its job carries it, with the job's id (the slot holder). */
export interface RunCellCommand extends ExperimentCellJobData {
  jobId: string;
}
