// Original file: libs/contracts/src/proto/registry.proto


export interface ListActiveModelsRequest {
  /**
   * At most this many models per page; 0 for the registry's default (it may cap it).
   */
  'pageSize'?: (number);
  /**
   * Empty for the first page; otherwise the previous answer's next_page_token.
   */
  'pageToken'?: (string);
}

export interface ListActiveModelsRequest__Output {
  /**
   * At most this many models per page; 0 for the registry's default (it may cap it).
   */
  'pageSize': (number);
  /**
   * Empty for the first page; otherwise the previous answer's next_page_token.
   */
  'pageToken': (string);
}
