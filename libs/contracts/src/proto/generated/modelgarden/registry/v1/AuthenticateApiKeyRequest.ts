// Original file: libs/contracts/src/proto/registry.proto


export interface AuthenticateApiKeyRequest {
  'apiKey'?: (string);
}

export interface AuthenticateApiKeyRequest__Output {
  'apiKey': (string);
}
