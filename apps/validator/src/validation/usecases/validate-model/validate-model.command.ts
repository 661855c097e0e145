import { type ValidationJobData } from '@model-garden/contracts';

/** One attempt at validating one model revision. */
export interface ValidateModelCommand extends Pick<ValidationJobData, 'modelId' | 'workspaceId' | 'revision'> {
  /** 1-based. */
  attempt: number;
  maxAttempts: number;
}
