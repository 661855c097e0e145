import { loadPackageDefinition, type Metadata, type sendUnaryData, Server, ServerCredentials, type ServerUnaryCall, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  type AuthenticateApiKeyRequest,
  type AuthenticateApiKeyResponse,
  type ListModelsRequest,
  type ListModelsResponse,
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
 * A real gRPC server speaking the registry's proto (AuthenticateApiKey, ResolveModel,
 * ListModels) from in-memory tables: a test double of another service's API, so the
 * gateway's client, service token, caching and error handling run for real.
 */
export class RegistryGrpcDouble {
  readonly keys = new Map<string, DoubleKey>();
  readonly models = new Map<string, ResolvedModel>();
  readonly calls = { authenticateApiKey: 0, resolveModel: 0, listModels: 0, refusedToken: 0 };
  /** When set, every call fails with UNAVAILABLE (a registry that is down). */
  down = false;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(serviceToken: string): Promise<RegistryGrpcDouble> {
    const definition = loadSync(REGISTRY_PROTO_PATH, { ...REGISTRY_PROTO_LOADER_OPTIONS });
    const pkg = loadPackageDefinition(definition) as unknown as Record<string, Record<string, Record<string, Record<string, { service: never }>>>>;
    const [a, b, c] = REGISTRY_GRPC_PACKAGE.split('.');
    const service = pkg[a][b][c];
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const double = new RegistryGrpcDouble(server, `127.0.0.1:${port}`);
    server.addService(service[REGISTRY_GRPC_SERVICE].service, double.implementation(serviceToken));
    return double;
  }

  putKey(key: Partial<DoubleKey> & Pick<DoubleKey, 'secret' | 'apiKeyId' | 'workspaceId'>): DoubleKey {
    const full: DoubleKey = {
      workspaceSlug: 'demo',
      scopes: ['inference', 'models:read'],
      expiresAtMs: 0,
      rateLimitPerMinute: 0,
      prefix: key.apiKeyId,
      ...key,
    };
    this.keys.set(full.secret, full);
    return full;
  }

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

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
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
        .map((m) => ({ id: m.id, ref: m.ref, key: m.key, owner: m.owner, type: m.type, status: m.status, name: m.name, createdAtMs: 1_750_000_000_000 }));
      callback(null, { models });
    };
    return { AuthenticateApiKey: authenticateApiKey, ResolveModel: resolveModel, ListModels: listModels } as UntypedServiceImplementation;
  }
}
