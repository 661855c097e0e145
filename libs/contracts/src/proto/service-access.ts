/**
 * Who may call which method of the registry's internal gRPC API. Each platform service
 * has its own credential (`SERVICE_TOKEN_VARIABLES`: the registry holds every one, a
 * service only its own) and may call only the methods listed for it here. This table is
 * the one place that says so: adding a method or a service is one line here (plus, for a
 * service, its variable). A method missing from the table is refused to everyone
 * (PERMISSION_DENIED), and `service-access.spec.ts` fails until registry.proto's methods
 * and this table agree.
 */
export const PLATFORM_SERVICES = ['validator', 'gateway', 'experiment-worker'] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

/** The environment variable that holds each service's credential (a secret, at least 16 characters). */
export const SERVICE_TOKEN_VARIABLES = {
  validator: 'VALIDATOR_SERVICE_TOKEN',
  gateway: 'GATEWAY_SERVICE_TOKEN',
  'experiment-worker': 'EXPERIMENT_WORKER_SERVICE_TOKEN',
} as const satisfies Record<PlatformService, string>;

export const REGISTRY_GRPC_METHOD_ACCESS = {
  // The gateway: a client's key, then the model it names, within that key's workspace.
  AuthenticateApiKey: ['gateway'],
  ResolveModel: ['gateway'],
  ListModels: ['gateway'],
  // The gateway: a workspace's deployment by key, and its deployments for GET /v2/deployments.
  ResolveDeployment: ['gateway'],
  ListDeployments: ['gateway'],
  // The gateway: a workspace's budgets to enforce, and a period's consumption from the ledger when Redis lost its counters.
  ListWorkspaceBudgets: ['gateway'],
  GetBudgetConsumption: ['gateway'],
  // The validator: any workspace's model with its decrypted key, and the models in service.
  GetModelForValidation: ['validator'],
  ListActiveModels: ['validator'],
  // The experiment worker: a run's snapshot, its queued cells and the run's own gateway key.
  GetExperimentRun: ['experiment-worker'],
  ListExperimentRunCells: ['experiment-worker'],
  GetExperimentRunCredential: ['experiment-worker'],
} as const satisfies Record<string, readonly PlatformService[]>;

export type RegistryGrpcMethod = keyof typeof REGISTRY_GRPC_METHOD_ACCESS;

/** True when `service` may call `method` (an unknown method is nobody's). */
export function mayCall(service: PlatformService, method: string): boolean {
  const allowed = (REGISTRY_GRPC_METHOD_ACCESS as Record<string, readonly PlatformService[]>)[method];
  return allowed !== undefined && allowed.includes(service);
}
