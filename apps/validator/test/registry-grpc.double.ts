import { loadPackageDefinition, type Metadata, type sendUnaryData, Server, ServerCredentials, type ServerUnaryCall, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  type ActiveModel,
  type GetModelForValidationRequest,
  type ListActiveModelsRequest,
  type ListActiveModelsResponse,
  REGISTRY_GRPC_PACKAGE,
  REGISTRY_GRPC_SERVICE,
  REGISTRY_PROTO_LOADER_OPTIONS,
  REGISTRY_PROTO_PATH,
  type ResolvedModel,
  SERVICE_TOKEN_METADATA_KEY,
} from '@model-garden/contracts';

type Handler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

function reply<Res>(callback: sendUnaryData<Res>, code: status, details: string): void {
  callback({ code, details, name: 'Error', message: details, metadata: undefined as unknown as Metadata });
}

/**
 * A real gRPC server speaking the registry's proto (GetModelForValidation,
 * ListActiveModels) from an in-memory table: a test double of another service's API,
 * so the validator's client, token and error handling are exercised for real.
 */
export class RegistryGrpcDouble {
  readonly models = new Map<string, ResolvedModel>();
  /** Model ids answered with UNAVAILABLE, as a registry that is down would. */
  readonly unavailable = new Set<string>();
  readonly calls = { getModelForValidation: 0, listActiveModels: 0, refusedToken: 0 };

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(serviceToken: string): Promise<RegistryGrpcDouble> {
    const definition = loadSync(REGISTRY_PROTO_PATH, { ...REGISTRY_PROTO_LOADER_OPTIONS });
    const pkg = loadPackageDefinition(definition) as unknown as Record<string, Record<string, Record<string, { service: never }>>>;
    const [a, b, c] = REGISTRY_GRPC_PACKAGE.split('.');
    const service = pkg[a][b][c] as unknown as Record<string, { service: never }>;
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const double = new RegistryGrpcDouble(server, `127.0.0.1:${port}`);
    server.addService(service[REGISTRY_GRPC_SERVICE].service, double.implementation(serviceToken));
    return double;
  }

  /** Adds or replaces a model (a new revision is `validating`, as the registry does). */
  put(model: Partial<ResolvedModel> & Pick<ResolvedModel, 'id' | 'baseUrl' | 'upstreamModelId' | 'apiKey'>): ResolvedModel {
    const full: ResolvedModel = {
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

  private implementation(serviceToken: string): UntypedServiceImplementation {
    const authorised = (metadata: Metadata): boolean => metadata.get(SERVICE_TOKEN_METADATA_KEY)[0] === serviceToken;
    const getModelForValidation: Handler<GetModelForValidationRequest, ResolvedModel> = (call, callback) => {
      this.calls.getModelForValidation++;
      if (!authorised(call.metadata)) {
        this.calls.refusedToken++;
        return reply(callback, status.UNAUTHENTICATED, 'missing or wrong service token');
      }
      if (this.unavailable.has(call.request.modelId)) return reply(callback, status.UNAVAILABLE, 'registry database unavailable');
      const model = this.models.get(call.request.modelId);
      if (!model) return reply(callback, status.NOT_FOUND, `model ${call.request.modelId} not found`);
      callback(null, model);
    };
    const listActiveModels: Handler<ListActiveModelsRequest, ListActiveModelsResponse> = (call, callback) => {
      this.calls.listActiveModels++;
      if (!authorised(call.metadata)) return reply(callback, status.UNAUTHENTICATED, 'missing or wrong service token');
      const all = [...this.models.values()].filter((m) => m.status === 'active' || m.status === 'degraded').sort((x, y) => x.id.localeCompare(y.id));
      const start = call.request.pageToken ? all.findIndex((m) => m.id > call.request.pageToken) : 0;
      const size = call.request.pageSize > 0 ? call.request.pageSize : 100;
      const page = start === -1 ? [] : all.slice(start, start + size);
      const models: ActiveModel[] = page.map((m) => ({ id: m.id, workspaceId: m.workspaceId, revision: m.revision, type: m.type, status: m.status }));
      const more = start !== -1 && start + size < all.length;
      callback(null, { models, nextPageToken: more ? page[page.length - 1].id : '' });
    };
    return { GetModelForValidation: getModelForValidation, ListActiveModels: listActiveModels } as UntypedServiceImplementation;
  }
}
