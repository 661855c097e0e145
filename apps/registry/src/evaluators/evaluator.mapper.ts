import { BUILTIN_EVALUATORS, type EvaluatorDefinition, type EvaluatorView } from '@model-garden/contracts';
import { type EvaluatorEntity } from './evaluator.entity';

const BUILTIN_TIME = '2026-01-01T00:00:00.000Z';

export function toEvaluatorView(entity: EvaluatorEntity): EvaluatorView {
  return {
    ...({ type: entity.type, config: entity.config } as EvaluatorDefinition),
    id: entity.id,
    name: entity.name,
    description: entity.description,
    builtIn: false,
    createdAt: new Date(entity.createdAt).toISOString(),
    updatedAt: new Date(entity.updatedAt).toISOString(),
  };
}

/** The built-in evaluators every workspace has (no settings). */
export const BUILTIN_EVALUATOR_VIEWS: readonly EvaluatorView[] = BUILTIN_EVALUATORS.map((b) => ({
  ...({ type: b.type, config: {} } as EvaluatorDefinition),
  id: b.id,
  name: b.name,
  description: b.description,
  builtIn: true,
  createdAt: BUILTIN_TIME,
  updatedAt: BUILTIN_TIME,
}));
