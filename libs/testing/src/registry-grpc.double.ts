import { loadPackageDefinition, type Metadata, type sendUnaryData, Server, ServerCredentials, type ServerUnaryCall, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  type ActiveModel,
  type AuthenticateApiKeyRequest,
  type AuthenticateApiKeyResponse,
  type BudgetConsumptionTotals,
  type EnforcedBudget,
  type GetBudgetConsumptionRequest,
  type GetModelForValidationRequest,
  type ListActiveModelsRequest,
  type ListActiveModelsResponse,
  type ListModelsRequest,
  type ListModelsResponse,
  type ListWorkspaceBudgetsRequest,
  type ListWorkspaceBudgetsResponse,
  REGISTRY_GRPC_PACKAGE,
  REGISTRY_GRPC_SERVICE,
  REGISTRY_PROTO_LOADER_OPTIONS,
  REGISTRY_PROTO_PATH,
  type ResolvedModel,
  type ResolveModelRequest,
  SERVICE_TOKEN_METADATA_KEY,
} from '@model-garden/contracts';

type Handler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

function refuse<Res>(callback: sendUnaryData<Res>, code: status, details: string): void {
  callback({ code, details, name: 'Error', message: details, metadata: undefined as unknown as Metadata });
}

export interface DoubleKey extends AuthenticateApiKeyResponse {
  secret: string;
}

/**
 * A real gRPC server speaking the registry's proto from in-memory tables: a test double
 * of another service's API, so a client's service token, caching and error handling run
 * for real. The gateway's tests use AuthenticateApiKey, ResolveModel and ListModels
 * (`putKey`, `putModel`, `down`); the validator's use GetModelForValidation and
 * ListActiveModels (`put`, `apply`, `unavailable`). `calls` counts every call, and
 * `calls.refusedToken` the ones refused for a missing or wrong service token.
 */
export class RegistryGrpcDouble {
  readonly keys = new Map<string, DoubleKey>();
  readonly models = new Map<string, ResolvedModel>();
  /** Budgets by workspace id, as ListWorkspaceBudgets answers them (none by default). */
  readonly budgets = new Map<string, EnforcedBudget[]>();
  /** Model ids that GetModelForValidation answers with UNAVAILABLE, as a registry whose database is down. */
  readonly unavailable = new Set<string>();
  readonly calls = { authenticateApiKey: 0, resolveModel: 0, listModels: 0, getModelForValidation: 0, listActiveModels: 0, listWorkspaceBudgets: 0, refusedToken: 0 };
  /** When set, every call with a valid token fails with UNAVAILABLE (a registry that is down). */
  down = false;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(serviceToken: string): Promise<RegistryGrpcDouble> {
    const definition = loadSync(REGISTRY_PROTO_PATH, { ...REGISTRY_PROTO_LOADER_OPTIONS });
    let node: unknown = loadPackageDefinition(definition);
    for (const part of REGISTRY_GRPC_PACKAGE.split('.')) node = (node as Record<string, unknown>)[part];
    const service = (node as Record<string, { service: never }>)[REGISTRY_GRPC_SERVICE];
    if (!service) throw new Error(`${REGISTRY_PROTO_PATH} has no service ${REGISTRY_GRPC_PACKAGE}.${REGISTRY_GRPC_SERVICE}`);
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const double = new RegistryGrpcDouble(server, `127.0.0.1:${port}`);
    server.addService(service.service, double.implementation(serviceToken));
    return double;
  }

  /** An API key that AuthenticateApiKey accepts (defaults: workspace `demo`, scopes inference and models:read, no expiry). */
  putKey(key: Partial<DoubleKey> & Pick<DoubleKey, 'secret' | 'apiKeyId' | 'workspaceId'>): DoubleKey {
    const full: DoubleKey = {
      workspaceSlug: 'demo',
      scopes: ['inference', 'models:read'],
      expiresAtMs: 0,
      rateLimitPerMinute: 0,
      prefix: key.apiKeyId,
      regionsRestricted: false,
      allowedRegions: [],
      ...key,
    };
    this.keys.set(full.secret, full);
    return full;
  }

  /** A model as ResolveModel and ListModels return it (default status `active`). */
  putModel(model: Partial<ResolvedModel> & Pick<ResolvedModel, 'id' | 'key' | 'baseUrl' | 'upstreamModelId' | 'apiKey' | 'workspaceId'>): ResolvedModel {
    const full: ResolvedModel = {
      ref: `demo@openailike/${model.key}`,
      owner: 'private',
      type: 'chat',
      status: 'active',
      revision: 1,
      pricing: {},
      capabilities: {},
      statusMessage: '',
      name: model.key,
      region: 'us',
      provider: 'openailike',
      ...model,
    };
    this.models.set(full.id, full);
    return full;
  }

  /** Adds or replaces a model for validation (a new revision is `validating`, as the registry does). */
  put(model: Partial<ResolvedModel> & Pick<ResolvedModel, 'id' | 'baseUrl' | 'upstreamModelId' | 'apiKey'>): ResolvedModel {
    const full = {
      workspaceId: 'workspace-1',
      ref: `demo@openailike/${model.id}`,
      key: model.id,
      owner: 'private',
      type: 'chat',
      status: 'validating',
      revision: 1,
      pricing: {},
      capabilities: {},
      statusMessage: '',
      name: model.id,
      region: 'us',
      ...model,
    } as ResolvedModel;
    this.models.set(full.id, full);
    return full;
  }

  /** What the registry does with a ModelValidated / ModelHealthChanged for the current revision. */
  apply(modelId: string, revision: number, modelStatus: string): void {
    const model = this.models.get(modelId);
    if (model && model.revision === revision) model.status = modelStatus;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  /** Stops at once, cutting every connection and call in progress, as a SIGKILLed registry would. */
  kill(): void {
    this.server.forceShutdown();
  }

  private implementation(serviceToken: string): UntypedServiceImplementation {
    const check = <Res>(metadata: Metadata, callback: sendUnaryData<Res>): boolean => {
      if (metadata.get(SERVICE_TOKEN_METADATA_KEY)[0] !== serviceToken) {
        this.calls.refusedToken++;
        refuse(callback, status.UNAUTHENTICATED, 'missing or wrong service token');
        return false;
      }
      if (this.down) {
        refuse(callback, status.UNAVAILABLE, 'registry unavailable');
        return false;
      }
      return true;
    };
    const authenticateApiKey: Handler<AuthenticateApiKeyRequest, AuthenticateApiKeyResponse> = (call, callback) => {
      this.calls.authenticateApiKey++;
      if (!check(call.metadata, callback)) return;
      const key = this.keys.get(call.request.apiKey);
      if (!key) return refuse(callback, status.NOT_FOUND, 'unknown API key');
      const { secret: _secret, ...answer } = key;
      callback(null, answer);
    };
    const resolveModel: Handler<ResolveModelRequest, ResolvedModel> = (call, callback) => {
      this.calls.resolveModel++;
      if (!check(call.metadata, callback)) return;
      const { workspaceId, model: name } = call.request;
      const model = [...this.models.values()].find(
        (m) => (m.workspaceId === workspaceId || m.owner === 'public') && (m.ref === name || m.id === name || (m.owner === 'private' && m.key === name)),
      );
      if (!model) return refuse(callback, status.NOT_FOUND, `no model ${name}`);
      callback(null, model);
    };
    const listModels: Handler<ListModelsRequest, ListModelsResponse> = (call, callback) => {
      this.calls.listModels++;
      if (!check(call.metadata, callback)) return;
      const models = [...this.models.values()]
        .filter((m) => m.workspaceId === call.request.workspaceId || m.owner === 'public')
        .map((m) => ({ id: m.id, ref: m.ref, key: m.key, owner: m.owner, type: m.type, status: m.status, name: m.name, createdAtMs: 1_750_000_000_000, region: m.region }));
      callback(null, { models });
    };
    const getModelForValidation: Handler<GetModelForValidationRequest, ResolvedModel> = (call, callback) => {
      this.calls.getModelForValidation++;
      if (!check(call.metadata, callback)) return;
      if (this.unavailable.has(call.request.modelId)) return refuse(callback, status.UNAVAILABLE, 'registry database unavailable');
      const model = this.models.get(call.request.modelId);
      if (!model) return refuse(callback, status.NOT_FOUND, `model ${call.request.modelId} not found`);
      callback(null, model);
    };
    const listActiveModels: Handler<ListActiveModelsRequest, ListActiveModelsResponse> = (call, callback) => {
      this.calls.listActiveModels++;
      if (!check(call.metadata, callback)) return;
      const all = [...this.models.values()].filter((m) => m.status === 'active' || m.status === 'degraded').sort((x, y) => x.id.localeCompare(y.id));
      const start = call.request.pageToken ? all.findIndex((m) => m.id > call.request.pageToken) : 0;
      const size = call.request.pageSize > 0 ? call.request.pageSize : 100;
      const page = start === -1 ? [] : all.slice(start, start + size);
      const models: ActiveModel[] = page.map((m) => ({ id: m.id, workspaceId: m.workspaceId, revision: m.revision, type: m.type, status: m.status }));
      const more = start !== -1 && start + size < all.length;
      callback(null, { models, nextPageToken: more ? page[page.length - 1]!.id : '' });
    };
    const listWorkspaceBudgets: Handler<ListWorkspaceBudgetsRequest, ListWorkspaceBudgetsResponse> = (call, callback) => {
      this.calls.listWorkspaceBudgets++;
      if (!check(call.metadata, callback)) return;
      callback(null, { budgets: this.budgets.get(call.request.workspaceId) ?? [] });
    };
    // The double keeps no ledger: a rebuilt counter starts from nothing.
    const getBudgetConsumption: Handler<GetBudgetConsumptionRequest, BudgetConsumptionTotals> = (call, callback) => {
      if (!check(call.metadata, callback)) return;
      callback(null, { amountUsd: 0, tokens: 0, requests: 0 });
    };
    return {
      ListWorkspaceBudgets: listWorkspaceBudgets,
      GetBudgetConsumption: getBudgetConsumption,
      AuthenticateApiKey: authenticateApiKey,
      ResolveModel: resolveModel,
      ListModels: listModels,
      GetModelForValidation: getModelForValidation,
      ListActiveModels: listActiveModels,
    } as UntypedServiceImplementation;
  }
}
