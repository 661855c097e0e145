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

export interface GetExperimentRunRequest {
  runId: string;
}

/** One column of a run's snapshot; JSON strings carry the flexible parts (see ColumnView). */
export interface ExperimentColumnPlan {
  id: string;
  name: string;
  kind: string;
  model: string;
  messagesTemplateJson: string;
  parametersJson: string;
  deployment: string;
  deploymentVersion: number;
  deploymentVariant: string;
  deploymentContextJson: string;
  pricing: GrpcPricing;
}

export interface ExperimentEvaluatorPlan {
  id: string;
  name: string;
  type: string;
  configJson: string;
}

export interface ExperimentRunPlan {
  runId: string;
  experimentId: string;
  workspaceId: string;
  status: string;
  dispatch: number;
  repetitions: number;
  concurrencyPerModel: number;
  columns: ExperimentColumnPlan[];
  evaluators: ExperimentEvaluatorPlan[];
  datasetRevision: number;
}

export interface ListExperimentRunCellsRequest {
  runId: string;
  dispatch: number;
  pageSize: number;
  pageToken: string;
}

export interface ExperimentCellPlan {
  cellId: string;
  datapointId: string;
  rowIndex: number;
  columnId: string;
  repetition: number;
  attempt: number;
  inputsJson: string;
  messagesJson: string;
  expectedOutput?: string;
}

export interface ListExperimentRunCellsResponse {
  cells: ExperimentCellPlan[];
  /** Empty on the last page. */
  nextPageToken: string;
}

export interface GetExperimentRunCredentialRequest {
  runId: string;
}

export interface ExperimentRunCredential {
  apiKey: string;
  expiresAtMs: number;
}

/** The client side, as `ClientGrpc.getService<RegistryServiceClient>()` returns it. */
export interface RegistryServiceClient {
  authenticateApiKey(request: AuthenticateApiKeyRequest, metadata?: unknown): Observable<AuthenticateApiKeyResponse>;
  resolveModel(request: ResolveModelRequest, metadata?: unknown): Observable<ResolvedModel>;
  getModelForValidation(request: GetModelForValidationRequest, metadata?: unknown): Observable<ResolvedModel>;
  listModels(request: ListModelsRequest, metadata?: unknown): Observable<ListModelsResponse>;
  listActiveModels(request: ListActiveModelsRequest, metadata?: unknown): Observable<ListActiveModelsResponse>;
  getExperimentRun(request: GetExperimentRunRequest, metadata?: unknown): Observable<ExperimentRunPlan>;
  listExperimentRunCells(request: ListExperimentRunCellsRequest, metadata?: unknown): Observable<ListExperimentRunCellsResponse>;
  getExperimentRunCredential(request: GetExperimentRunCredentialRequest, metadata?: unknown): Observable<ExperimentRunCredential>;
}
