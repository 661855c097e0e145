import { type ModelView } from '@model-garden/contracts';

/** What a write answers: the model, and whether its validation is still running (202) or settled. */
export interface ModelOutcome {
  model: ModelView;
  validating: boolean;
}
