// Original file: libs/contracts/src/proto/registry.proto

import type { Pricing as _modelgarden_registry_v1_Pricing, Pricing__Output as _modelgarden_registry_v1_Pricing__Output } from '../../../modelgarden/registry/v1/Pricing';

export interface ExperimentColumnPlan {
  'id'?: (string);
  'name'?: (string);
  /**
   * `model` or `deployment`.
   */
  'kind'?: (string);
  /**
   * kind `model`: the model ref (`<workspace>@openailike/<key>` or `provider/model`).
   */
  'model'?: (string);
  /**
   * kind `model`: JSON array of {role, content} with `{{variable}}` placeholders.
   */
  'messagesTemplateJson'?: (string);
  /**
   * kind `model`: JSON object of ColumnParameters.
   */
  'parametersJson'?: (string);
  /**
   * kind `deployment`: the deployment key, optional version (0: current), variant and routing context (JSON object).
   */
  'deployment'?: (string);
  'deploymentVersion'?: (number);
  'deploymentVariant'?: (string);
  'deploymentContextJson'?: (string);
  /**
   * The model's prices when the run started, for the cost of each answer.
   */
  'pricing'?: (_modelgarden_registry_v1_Pricing | null);
}

export interface ExperimentColumnPlan__Output {
  'id': (string);
  'name': (string);
  /**
   * `model` or `deployment`.
   */
  'kind': (string);
  /**
   * kind `model`: the model ref (`<workspace>@openailike/<key>` or `provider/model`).
   */
  'model': (string);
  /**
   * kind `model`: JSON array of {role, content} with `{{variable}}` placeholders.
   */
  'messagesTemplateJson': (string);
  /**
   * kind `model`: JSON object of ColumnParameters.
   */
  'parametersJson': (string);
  /**
   * kind `deployment`: the deployment key, optional version (0: current), variant and routing context (JSON object).
   */
  'deployment': (string);
  'deploymentVersion': (number);
  'deploymentVariant': (string);
  'deploymentContextJson': (string);
  /**
   * The model's prices when the run started, for the cost of each answer.
   */
  'pricing': (_modelgarden_registry_v1_Pricing__Output | null);
}
