import { evaluatorConfigProblems, type EvaluatorType, type FieldError } from '@model-garden/contracts';
import Ajv2020 from 'ajv/dist/2020';
import { type AuthContext } from '../auth/auth-context';
import { type WorkspaceModels } from '../experiments/workspace-models.service';
import { RegistryException } from '../shared/registry.exception';

/**
 * An evaluator's settings checked in full: the shape rules from libs/contracts, the
 * JSON Schema compiled by ajv (as the worker will), and the model it calls found in the
 * workspace with the right type. Answers the settings with model refs canonical.
 */
export async function checkedEvaluatorConfig(
  auth: AuthContext,
  models: WorkspaceModels,
  type: EvaluatorType,
  config: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const problems: FieldError[] = evaluatorConfigProblems(type, config, 'config');
  if (problems.length === 0 && type === 'json_schema') {
    try {
      new Ajv2020({ strict: false, allErrors: true }).compile(config['schema'] as object);
    } catch (error) {
      problems.push({ field: 'config.schema', message: `config.schema is not a JSON Schema ajv can compile: ${(error as Error).message}` });
    }
  }
  if (problems.length > 0) throw RegistryException.validation(problems);
  if (type === 'cosine_similarity' || type === 'llm_judge') {
    const model = await models.require(auth, String(config['model']), type === 'cosine_similarity' ? 'embedding' : 'chat', 'config.model');
    return { ...config, model: model.ref };
  }
  return config;
}
