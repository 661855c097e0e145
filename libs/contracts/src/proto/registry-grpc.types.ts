import type { Metadata } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { Observable } from 'rxjs';
import type { Capabilities__Output } from './generated/modelgarden/registry/v1/Capabilities';
import type { Pricing__Output } from './generated/modelgarden/registry/v1/Pricing';
import type { RegistryServiceDefinition } from './generated/modelgarden/registry/v1/RegistryService';

/**
 * The registry's gRPC messages as @grpc/proto-loader delivers them with
 * REGISTRY_PROTO_LOADER_OPTIONS (camelCase fields, longs as numbers, defaults filled
 * in, absent sub-messages as null), each under its name in registry.proto
 * (`ResolvedModel`, `ListActiveModelsResponse`, ...). Everything here derives from
 * `./generated`, which `npm run proto:gen` writes from the .proto: edit the .proto,
 * never these shapes.
 */
export type * from './generated/messages';

/** The proto's Pricing and Capabilities, named apart from the domain's ModelPricing and CapabilityMatrix. */
export type GrpcPricing = Pricing__Output;
export type GrpcCapabilities = Capabilities__Output;

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

