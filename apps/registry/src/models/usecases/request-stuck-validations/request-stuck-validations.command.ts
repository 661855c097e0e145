export interface RequestStuckValidationsCommand {
  /** A model validating for longer than this (since its last change) is stuck. */
  stuckAfterSeconds: number;
  /** At most this many models per call. */
  batchSize: number;
}
