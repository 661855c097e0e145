import type { Metadata } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { Observable } from 'rxjs';
import type { ActiveModel__Output } from './generated/modelgarden/registry/v1/ActiveModel';
import type { AuthenticateApiKeyRequest__Output } from './generated/modelgarden/registry/v1/AuthenticateApiKeyRequest';
import type { AuthenticateApiKeyResponse__Output } from './generated/modelgarden/registry/v1/AuthenticateApiKeyResponse';
import type { Capabilities__Output } from './generated/modelgarden/registry/v1/Capabilities';
import type { GetModelForValidationRequest__Output } from './generated/modelgarden/registry/v1/GetModelForValidationRequest';
import type { ListActiveModelsRequest__Output } from './generated/modelgarden/registry/v1/ListActiveModelsRequest';
import type { ListActiveModelsResponse__Output } from './generated/modelgarden/registry/v1/ListActiveModelsResponse';
import type { ListModelsRequest__Output } from './generated/modelgarden/registry/v1/ListModelsRequest';
import type { ListModelsResponse__Output } from './generated/modelgarden/registry/v1/ListModelsResponse';
import type { ModelSummary__Output } from './generated/modelgarden/registry/v1/ModelSummary';
import type { Pricing__Output } from './generated/modelgarden/registry/v1/Pricing';
import type { RegistryServiceDefinition } from './generated/modelgarden/registry/v1/RegistryService';
import type { ResolveModelRequest__Output } from './generated/modelgarden/registry/v1/ResolveModelRequest';
import type { ResolvedModel__Output } from './generated/modelgarden/registry/v1/ResolvedModel';

/**
 * The registry's gRPC messages as @grpc/proto-loader delivers them with
 * REGISTRY_PROTO_LOADER_OPTIONS (camelCase fields, longs as numbers, defaults filled
 * in, absent sub-messages as null), named for the apps. Everything here derives from
 * `./generated`, which `npm run proto:gen` writes from registry.proto: edit the
 * .proto, never these shapes. A new message gets one alias line below.
 */
export type AuthenticateApiKeyRequest = AuthenticateApiKeyRequest__Output;
export type AuthenticateApiKeyResponse = AuthenticateApiKeyResponse__Output;
export type ResolveModelRequest = ResolveModelRequest__Output;
export type GetModelForValidationRequest = GetModelForValidationRequest__Output;
export type GrpcPricing = Pricing__Output;
export type GrpcCapabilities = Capabilities__Output;
export type ResolvedModel = ResolvedModel__Output;
export type ListModelsRequest = ListModelsRequest__Output;
export type ModelSummary = ModelSummary__Output;
export type ListModelsResponse = ListModelsResponse__Output;
export type ListActiveModelsRequest = ListActiveModelsRequest__Output;
/** A private model in service (`active` or `degraded`), for periodic health checks. */
export type ActiveModel = ActiveModel__Output;
export type ListActiveModelsResponse = ListActiveModelsResponse__Output;

/** The named methods of a generated service definition (without grpc's index signature). */
type NamedMethods<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/**
 * A generated service as Nest's `ClientGrpc.getService<T>()` returns it: each method in
 * lowerCamelCase, taking the request (fields optional, as proto3 allows) and optional
 * metadata, answering an Observable of the response as delivered.
 */
export type NestGrpcClient<Definition> = {
  [K in keyof NamedMethods<Definition> & string as Uncapitalize<K>]: NamedMethods<Definition>[K] extends MethodDefinition<infer Request, infer _Response, infer _RequestOutput, infer ResponseOutput>
    ? (request: Request, metadata?: Metadata) => Observable<ResponseOutput>
    : never;
};

/** The client side of RegistryService, generated from registry.proto. */
export type RegistryServiceClient = NestGrpcClient<RegistryServiceDefinition>;

