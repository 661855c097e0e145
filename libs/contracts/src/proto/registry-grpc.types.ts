import { type Observable } from 'rxjs';
import { type CapabilityMatrix, type ModelPricing } from '../models/model.types';

/**
 * TypeScript shapes of registry.proto as @grpc/proto-loader delivers them
 * (camelCase fields, longs as numbers, defaults filled in).
 */
export interface AuthenticateApiKeyRequest {
  apiKey: string;
}

export interface AuthenticateApiKeyResponse {
  apiKeyId: string;
  workspaceId: string;
  workspaceSlug: string;
  scopes: string[];
  expiresAtMs: number;
  rateLimitPerMinute: number;
  prefix: string;
}

export interface ResolveModelRequest {
  workspaceId: string;
  model: string;
}

export interface GetModelForValidationRequest {
  modelId: string;
}

/** The proto's Pricing and Capabilities messages carry the same fields as the domain types. */
export type GrpcPricing = ModelPricing;
export type GrpcCapabilities = CapabilityMatrix;

export interface ResolvedModel {
  id: string;
  workspaceId: string;
  ref: string;
  key: string;
  owner: string;
  type: string;
  baseUrl: string;
  upstreamModelId: string;
  status: string;
  revision: number;
  maxTokens?: number;
  temperature?: number;
  pricing: GrpcPricing;
  capabilities: GrpcCapabilities;
  apiKey: string;
  statusMessage: string;
  name: string;
  region: string;
  /** `openailike` for private models; the catalogue provider (`openai`, `groq`, ...) for public ones. */
  provider: string;
}

export interface ListModelsRequest {
  workspaceId: string;
}

export interface ModelSummary {
  id: string;
  ref: string;
  key: string;
  owner: string;
  type: string;
  status: string;
  name: string;
  createdAtMs: number;
}

export interface ListModelsResponse {
  models: ModelSummary[];
}

export interface ListActiveModelsRequest {
  pageSize: number;
  pageToken: string;
}

/** A private model in service (`active` or `degraded`), for periodic health checks. */
export interface ActiveModel {
  id: string;
  workspaceId: string;
  revision: number;
  type: string;
  status: string;
}

export interface ListActiveModelsResponse {
  models: ActiveModel[];
  /** Empty on the last page. */
  nextPageToken: string;
}

export interface ResolveDeploymentRequest {
  workspaceId: string;
  key: string;
}

export interface ResolvedDeployment {
  id: string;
  workspaceId: string;
  key: string;
  description: string;
  version: number;
  publishedAtMs: number;
  createdAtMs: number;
  updatedAtMs: number;
  /** JSON of DeploymentConfig (libs/contracts deployments). */
  configJson: string;
}

export interface ListDeploymentsRequest {
  workspaceId: string;
  limit: number;
  startingAfter: string;
  endingBefore: string;
}

export interface ListDeploymentsResponse {
  deployments: ResolvedDeployment[];
  hasMore: boolean;
}

/** The client side, as `ClientGrpc.getService<RegistryServiceClient>()` returns it. */
export interface RegistryServiceClient {
  authenticateApiKey(request: AuthenticateApiKeyRequest, metadata?: unknown): Observable<AuthenticateApiKeyResponse>;
  resolveModel(request: ResolveModelRequest, metadata?: unknown): Observable<ResolvedModel>;
  getModelForValidation(request: GetModelForValidationRequest, metadata?: unknown): Observable<ResolvedModel>;
  listModels(request: ListModelsRequest, metadata?: unknown): Observable<ListModelsResponse>;
  listActiveModels(request: ListActiveModelsRequest, metadata?: unknown): Observable<ListActiveModelsResponse>;
  resolveDeployment(request: ResolveDeploymentRequest, metadata?: unknown): Observable<ResolvedDeployment>;
  listDeployments(request: ListDeploymentsRequest, metadata?: unknown): Observable<ListDeploymentsResponse>;
}
