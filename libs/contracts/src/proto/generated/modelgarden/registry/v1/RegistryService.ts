// Original file: libs/contracts/src/proto/registry.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuthenticateApiKeyRequest as _modelgarden_registry_v1_AuthenticateApiKeyRequest, AuthenticateApiKeyRequest__Output as _modelgarden_registry_v1_AuthenticateApiKeyRequest__Output } from '../../../modelgarden/registry/v1/AuthenticateApiKeyRequest';
import type { AuthenticateApiKeyResponse as _modelgarden_registry_v1_AuthenticateApiKeyResponse, AuthenticateApiKeyResponse__Output as _modelgarden_registry_v1_AuthenticateApiKeyResponse__Output } from '../../../modelgarden/registry/v1/AuthenticateApiKeyResponse';
import type { GetModelForValidationRequest as _modelgarden_registry_v1_GetModelForValidationRequest, GetModelForValidationRequest__Output as _modelgarden_registry_v1_GetModelForValidationRequest__Output } from '../../../modelgarden/registry/v1/GetModelForValidationRequest';
import type { ListActiveModelsRequest as _modelgarden_registry_v1_ListActiveModelsRequest, ListActiveModelsRequest__Output as _modelgarden_registry_v1_ListActiveModelsRequest__Output } from '../../../modelgarden/registry/v1/ListActiveModelsRequest';
import type { ListActiveModelsResponse as _modelgarden_registry_v1_ListActiveModelsResponse, ListActiveModelsResponse__Output as _modelgarden_registry_v1_ListActiveModelsResponse__Output } from '../../../modelgarden/registry/v1/ListActiveModelsResponse';
import type { ListModelsRequest as _modelgarden_registry_v1_ListModelsRequest, ListModelsRequest__Output as _modelgarden_registry_v1_ListModelsRequest__Output } from '../../../modelgarden/registry/v1/ListModelsRequest';
import type { ListModelsResponse as _modelgarden_registry_v1_ListModelsResponse, ListModelsResponse__Output as _modelgarden_registry_v1_ListModelsResponse__Output } from '../../../modelgarden/registry/v1/ListModelsResponse';
import type { ResolveModelRequest as _modelgarden_registry_v1_ResolveModelRequest, ResolveModelRequest__Output as _modelgarden_registry_v1_ResolveModelRequest__Output } from '../../../modelgarden/registry/v1/ResolveModelRequest';
import type { ResolvedModel as _modelgarden_registry_v1_ResolvedModel, ResolvedModel__Output as _modelgarden_registry_v1_ResolvedModel__Output } from '../../../modelgarden/registry/v1/ResolvedModel';

export interface RegistryServiceClient extends grpc.Client {
  /**
   * Resolves a workspace API key (the secret the client presented) to its workspace and scopes.
   * NOT_FOUND when the key is unknown, revoked or expired (all three look the same).
   */
  AuthenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  AuthenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  AuthenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  AuthenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Resolves a workspace API key (the secret the client presented) to its workspace and scopes.
   * NOT_FOUND when the key is unknown, revoked or expired (all three look the same).
   */
  authenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  authenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  authenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  authenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Fetches one model by id for validation (any workspace), with the decrypted provider key.
   */
  GetModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  GetModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  GetModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  GetModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  /**
   * Fetches one model by id for validation (any workspace), with the decrypted provider key.
   */
  getModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  getModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  getModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  getModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists private models in service (status `active` or `degraded`) across workspaces, for
   * the validator's periodic health checks. No credentials: GetModelForValidation has them.
   * Paged in a stable order: pass next_page_token back until it comes back empty.
   */
  ListActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  ListActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  ListActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  ListActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists private models in service (status `active` or `degraded`) across workspaces, for
   * the validator's periodic health checks. No credentials: GetModelForValidation has them.
   * Paged in a stable order: pass next_page_token back until it comes back empty.
   */
  listActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  listActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  listActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  listActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists the models a workspace can use (public and private), without credentials.
   */
  ListModels(argument: _modelgarden_registry_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelgarden_registry_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelgarden_registry_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelgarden_registry_v1_ListModelsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the models a workspace can use (public and private), without credentials.
   */
  listModels(argument: _modelgarden_registry_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelgarden_registry_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelgarden_registry_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelgarden_registry_v1_ListModelsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Resolves a model reference (ref, key or id) within a workspace, with the decrypted provider key.
   * NOT_FOUND when the workspace has no such model (another workspace's model included).
   * A public model that is disabled or has no platform credentials resolves with
   * status `unavailable` and a status_message saying why.
   */
  ResolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  ResolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  ResolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  ResolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  /**
   * Resolves a model reference (ref, key or id) within a workspace, with the decrypted provider key.
   * NOT_FOUND when the workspace has no such model (another workspace's model included).
   * A public model that is disabled or has no platform credentials resolves with
   * status `unavailable` and a status_message saying why.
   */
  resolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  resolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  resolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  resolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  
}

export interface RegistryServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Resolves a workspace API key (the secret the client presented) to its workspace and scopes.
   * NOT_FOUND when the key is unknown, revoked or expired (all three look the same).
   */
  AuthenticateApiKey: grpc.handleUnaryCall<_modelgarden_registry_v1_AuthenticateApiKeyRequest__Output, _modelgarden_registry_v1_AuthenticateApiKeyResponse>;
  
  /**
   * Fetches one model by id for validation (any workspace), with the decrypted provider key.
   */
  GetModelForValidation: grpc.handleUnaryCall<_modelgarden_registry_v1_GetModelForValidationRequest__Output, _modelgarden_registry_v1_ResolvedModel>;
  
  /**
   * Lists private models in service (status `active` or `degraded`) across workspaces, for
   * the validator's periodic health checks. No credentials: GetModelForValidation has them.
   * Paged in a stable order: pass next_page_token back until it comes back empty.
   */
  ListActiveModels: grpc.handleUnaryCall<_modelgarden_registry_v1_ListActiveModelsRequest__Output, _modelgarden_registry_v1_ListActiveModelsResponse>;
  
  /**
   * Lists the models a workspace can use (public and private), without credentials.
   */
  ListModels: grpc.handleUnaryCall<_modelgarden_registry_v1_ListModelsRequest__Output, _modelgarden_registry_v1_ListModelsResponse>;
  
  /**
   * Resolves a model reference (ref, key or id) within a workspace, with the decrypted provider key.
   * NOT_FOUND when the workspace has no such model (another workspace's model included).
   * A public model that is disabled or has no platform credentials resolves with
   * status `unavailable` and a status_message saying why.
   */
  ResolveModel: grpc.handleUnaryCall<_modelgarden_registry_v1_ResolveModelRequest__Output, _modelgarden_registry_v1_ResolvedModel>;
  
}

export interface RegistryServiceDefinition extends grpc.ServiceDefinition {
  AuthenticateApiKey: MethodDefinition<_modelgarden_registry_v1_AuthenticateApiKeyRequest, _modelgarden_registry_v1_AuthenticateApiKeyResponse, _modelgarden_registry_v1_AuthenticateApiKeyRequest__Output, _modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>
  GetModelForValidation: MethodDefinition<_modelgarden_registry_v1_GetModelForValidationRequest, _modelgarden_registry_v1_ResolvedModel, _modelgarden_registry_v1_GetModelForValidationRequest__Output, _modelgarden_registry_v1_ResolvedModel__Output>
  ListActiveModels: MethodDefinition<_modelgarden_registry_v1_ListActiveModelsRequest, _modelgarden_registry_v1_ListActiveModelsResponse, _modelgarden_registry_v1_ListActiveModelsRequest__Output, _modelgarden_registry_v1_ListActiveModelsResponse__Output>
  ListModels: MethodDefinition<_modelgarden_registry_v1_ListModelsRequest, _modelgarden_registry_v1_ListModelsResponse, _modelgarden_registry_v1_ListModelsRequest__Output, _modelgarden_registry_v1_ListModelsResponse__Output>
  ResolveModel: MethodDefinition<_modelgarden_registry_v1_ResolveModelRequest, _modelgarden_registry_v1_ResolvedModel, _modelgarden_registry_v1_ResolveModelRequest__Output, _modelgarden_registry_v1_ResolvedModel__Output>
}
