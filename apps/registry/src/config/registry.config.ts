import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EnvVar, ServiceConfig, WithGatewayServiceToken, WithKafka, WithOutboundAllowlist, WithRedis, WithValidatorServiceToken } from '@model-garden/platform';

/** Every variable the registry reads; a bad or missing one stops it at boot with the variable's name. */
export class RegistryConfig extends WithOutboundAllowlist(WithGatewayServiceToken(WithValidatorServiceToken(WithRedis(WithKafka(ServiceConfig))))) {
  @EnvVar({ description: 'Host the HTTP API binds to', example: '0.0.0.0' })
  @IsString()
  REGISTRY_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the REST API, Swagger UI and public readiness', example: '3000' })
  @IsInt()
  @Min(0)
  @Max(65535)
  REGISTRY_PORT = 3000;

  @EnvVar({
    description: 'Host of the internal listener (Prometheus /metrics, detailed /health/ready); keep it off public networks',
    example: '127.0.0.1',
  })
  @IsString()
  REGISTRY_INTERNAL_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the internal listener (Prometheus /metrics, detailed /health/ready); 0 picks a free port', example: '9300' })
  @IsInt()
  @Min(0)
  @Max(65535)
  REGISTRY_INTERNAL_PORT = 9300;

  @EnvVar({ description: 'Address the internal gRPC server binds to', example: '0.0.0.0:50051' })
  @Matches(/^[^\s]+:\d{1,5}$/, { message: 'REGISTRY_GRPC_BIND must be host:port' })
  REGISTRY_GRPC_BIND = '127.0.0.1:50051';

  @EnvVar({ description: "The experiment worker's own token on the internal gRPC API; unset, no experiment worker can call", sensitive: true, example: 'change-me-experiment-worker-token' })
  @IsOptional()
  @Matches(/^.{16,}$/, { message: 'EXPERIMENT_WORKER_SERVICE_TOKEN must be at least 16 characters' })
  EXPERIMENT_WORKER_SERVICE_TOKEN?: string;

  @EnvVar({ description: 'PEM file of the gRPC server certificate (chain); with REGISTRY_GRPC_TLS_KEY_FILE the gRPC API is served over TLS', example: '/run/secrets/registry-grpc-cert.pem' })
  @IsOptional()
  @IsString()
  REGISTRY_GRPC_TLS_CERT_FILE?: string;

  @EnvVar({ description: 'PEM file of the gRPC server private key (with REGISTRY_GRPC_TLS_CERT_FILE)', example: '/run/secrets/registry-grpc-key.pem' })
  @IsOptional()
  @IsString()
  REGISTRY_GRPC_TLS_KEY_FILE?: string;

  @EnvVar({ description: 'PEM file of the CA that signs client certificates; set, every gRPC client must present one (mutual TLS)', example: '/run/secrets/grpc-client-ca.pem' })
  @IsOptional()
  @IsString()
  REGISTRY_GRPC_TLS_CLIENT_CA_FILE?: string;

  @EnvVar({ description: 'PostgreSQL connection URL', sensitive: true, example: 'postgres://postgres@127.0.0.1:5432/model_garden' })
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @EnvVar({ description: 'PostgreSQL schema holding the registry tables', example: 'public' })
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA = 'public';

  @EnvVar({ description: 'Kafka consumer group of the registry (validation and usage events)', example: 'model-garden-registry' })
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID = 'model-garden-registry';

  @EnvVar({
    description:
      "Whether workspaces may use the operator's public models (which spend the operator's provider keys) unless an operator set the workspace otherwise (PATCH /v1/workspaces/{id})",
    example: 'enabled',
  })
  @IsIn(['enabled', 'disabled'])
  PUBLIC_MODELS_ACCESS_DEFAULT: 'enabled' | 'disabled' = 'enabled';

  @EnvVar({ description: 'Token that may create workspaces (POST /v1/workspaces)', sensitive: true, example: 'change-me-admin-token' })
  @Matches(/^.{16,}$/, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN!: string;

  @EnvVar({
    description: 'Keyring for provider API keys: "<id>:<base64 of 32 bytes>" entries separated by commas (openssl rand -base64 32)',
    sensitive: true,
    example: 'k1:<base64 of 32 bytes>',
  })
  @IsString()
  @IsNotEmpty()
  ENCRYPTION_KEYS!: string;

  @EnvVar({ description: 'Key id of the keyring used for new secrets (defaults to the last entry)', example: 'k1' })
  @IsOptional()
  @IsString()
  ENCRYPTION_ACTIVE_KEY_ID?: string;

  @EnvVar({ description: 'Largest accepted request body in bytes (larger is 413)', example: '65536' })
  @IsInt()
  @Min(1024)
  @Max(10_485_760)
  REGISTRY_BODY_LIMIT_BYTES = 65_536;

  @EnvVar({ description: 'Milliseconds between outbox polls; a commit wakes the relay at once, the poll is the fallback', example: '1000' })
  @IsInt()
  @Min(50)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS = 1_000;

  @EnvVar({ description: 'Outbox events published per Kafka send', example: '200' })
  @IsInt()
  @Min(1)
  @Max(5_000)
  OUTBOX_BATCH_SIZE = 200;

  @EnvVar({
    description:
      'Seconds a model may stay validating after its validation request reached Kafka before the registry asks again (a verdict lost with Kafka or Redis); longer than the validator needs for all its attempts; 0 disables',
    example: '900',
  })
  @IsInt()
  @Min(0)
  @Max(86_400)
  REGISTRY_VALIDATION_STUCK_AFTER_SECONDS = 900;

  @EnvVar({
    description: 'Requests per minute each workspace API key may make to the REST API (a burst of that size, then a steady rate), counted in Redis across replicas; 0 disables',
    example: '600',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  REGISTRY_RATE_LIMIT_PER_MINUTE = 600;

  @EnvVar({ description: 'Seconds between two looks for models stuck in validating', example: '60' })
  @IsInt()
  @Min(1)
  @Max(3_600)
  REGISTRY_VALIDATION_SWEEP_INTERVAL_SECONDS = 60;

  @EnvVar({ description: 'Largest dataset file accepted by POST /v1/datasets/{id}/import, in bytes (larger is 413)', example: '52428800' })
  @IsInt()
  @Min(1024)
  @Max(1_073_741_824)
  DATASET_IMPORT_MAX_BYTES = 52_428_800;

  @EnvVar({ description: 'Most datapoints one dataset (and one import) may hold', example: '10000' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  DATASET_MAX_ROWS = 10_000;

  @EnvVar({ description: 'Most cells (rows x columns x repetitions) one experiment run may have', example: '100000' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  EXPERIMENT_MAX_RUN_CELLS = 100_000;

  @EnvVar({ description: "Hours an experiment run's gateway credential lives (it is revoked as soon as the run ends)", example: '24' })
  @IsInt()
  @Min(1)
  @Max(720)
  EXPERIMENT_CREDENTIAL_TTL_HOURS = 24;

  @EnvVar({
    description: 'Seconds an experiment run may have queued cells without any progress before the registry asks the workers again (a cell lost with Kafka or Redis); 0 disables',
    example: '300',
  })
  @IsInt()
  @Min(0)
  @Max(86_400)
  EXPERIMENT_STUCK_AFTER_SECONDS = 300;

  @EnvVar({ description: 'Seconds between two looks for stuck experiment runs', example: '30' })
  @IsInt()
  @Min(1)
  @Max(3_600)
  EXPERIMENT_SWEEP_INTERVAL_SECONDS = 30;

  @EnvVar({ description: 'Days raw usage records (GET /v1/usage/requests) are kept: older daily partitions are dropped whole; rollups keep their own retention', example: '30' })
  @IsInt()
  @Min(1)
  @Max(3_650)
  USAGE_RAW_RETENTION_DAYS = 30;

  @EnvVar({ description: 'Days ahead for which the registry creates the daily partitions of usage records', example: '7' })
  @IsInt()
  @Min(1)
  @Max(90)
  USAGE_PARTITIONS_AHEAD_DAYS = 7;

  @EnvVar({ description: 'Days per-minute usage rollups are kept', example: '7' })
  @IsInt()
  @Min(1)
  @Max(3_650)
  USAGE_MINUTE_ROLLUP_RETENTION_DAYS = 7;

  @EnvVar({ description: 'Days per-hour usage rollups are kept', example: '180' })
  @IsInt()
  @Min(1)
  @Max(36_500)
  USAGE_HOUR_ROLLUP_RETENTION_DAYS = 180;

  @EnvVar({ description: 'Days per-day usage rollups are kept', example: '1825' })
  @IsInt()
  @Min(1)
  @Max(36_500)
  USAGE_DAY_ROLLUP_RETENTION_DAYS = 1_825;

  @EnvVar({ description: 'Seconds between two runs of the usage storage worker (partitions ahead, retention); it also runs at start', example: '3600' })
  @IsInt()
  @Min(10)
  @Max(86_400)
  USAGE_STORAGE_INTERVAL_SECONDS = 3_600;

  @EnvVar({ description: 'Folder of the built studio (index.html); the registry serves it at /studio/ when it exists', example: 'dist/apps/studio' })
  @IsString()
  STUDIO_DIR = 'dist/apps/studio';

  @EnvVar({ description: "The gateway's public base URL, shown in the studio's copy-ready snippets", example: 'https://gateway.example.com/v1' })
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'GATEWAY_PUBLIC_URL must be an http(s) URL' })
  GATEWAY_PUBLIC_URL?: string;

  @EnvVar({ description: 'Platform key for the public OpenAI models; without it they are listed as unavailable', sensitive: true, example: 'sk-...' })
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @EnvVar({ description: 'Platform key for the public Groq models; without it they are listed as unavailable', sensitive: true, example: 'gsk_...' })
  @IsOptional()
  @IsString()
  GROQ_API_KEY?: string;

  @EnvVar({ description: 'Platform key for the public Together AI models; without it they are listed as unavailable', sensitive: true, example: 'tgp_v1_...' })
  @IsOptional()
  @IsString()
  TOGETHER_API_KEY?: string;

  @EnvVar({ description: 'Platform key for the public Mistral models; without it they are listed as unavailable', sensitive: true, example: '...' })
  @IsOptional()
  @IsString()
  MISTRAL_API_KEY?: string;
}

/** The variables that hold platform credentials of public catalogue providers. */
export const PUBLIC_PROVIDER_KEY_VARS = ['OPENAI_API_KEY', 'GROQ_API_KEY', 'TOGETHER_API_KEY', 'MISTRAL_API_KEY'] as const;
export type PublicProviderKeyVar = (typeof PUBLIC_PROVIDER_KEY_VARS)[number];
