// Original file: libs/contracts/src/proto/registry.proto


export interface ExperimentEvaluatorPlan {
  'id'?: (string);
  'name'?: (string);
  /**
   * One of EVALUATOR_TYPES.
   */
  'type'?: (string);
  /**
   * JSON object of the type's settings (model refs resolved to refs).
   */
  'configJson'?: (string);
}

export interface ExperimentEvaluatorPlan__Output {
  'id': (string);
  'name': (string);
  /**
   * One of EVALUATOR_TYPES.
   */
  'type': (string);
  /**
   * JSON object of the type's settings (model refs resolved to refs).
   */
  'configJson': (string);
}
