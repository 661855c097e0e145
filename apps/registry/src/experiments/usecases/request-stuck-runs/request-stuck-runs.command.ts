export interface RequestStuckRunsCommand {
  /** A run with queued cells and no change for this long is asked for again. */
  stuckAfterSeconds: number;
  batchSize: number;
}
