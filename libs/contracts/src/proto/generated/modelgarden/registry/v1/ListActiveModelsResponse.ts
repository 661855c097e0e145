// Original file: libs/contracts/src/proto/registry.proto

import type { ActiveModel as _modelgarden_registry_v1_ActiveModel, ActiveModel__Output as _modelgarden_registry_v1_ActiveModel__Output } from '../../../modelgarden/registry/v1/ActiveModel';

export interface ListActiveModelsResponse {
  'models'?: (_modelgarden_registry_v1_ActiveModel)[];
  /**
   * Empty on the last page.
   */
  'nextPageToken'?: (string);
}

export interface ListActiveModelsResponse__Output {
  'models': (_modelgarden_registry_v1_ActiveModel__Output)[];
  /**
   * Empty on the last page.
   */
  'nextPageToken': (string);
}
