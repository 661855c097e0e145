import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EnvVar } from './env-var.decorator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T = object> = new (...args: any[]) => T;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Variables every service reads. */
export class ServiceConfig {
  @EnvVar({ description: 'Runtime environment', example: 'production' })
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @EnvVar({ description: 'Log level of the JSON logs', example: 'info' })
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @EnvVar({ description: 'Seconds a graceful shutdown may take before the process exits', example: '10' })
  @IsInt()
  @Min(1)
  @Max(300)
  SHUTDOWN_TIMEOUT_SECONDS = 10;
}

/** Kafka connection and naming; the prefix isolates environments and test runs. */
export function WithKafka<TBase extends Constructor>(Base: TBase) {
  class KafkaConfig extends Base {
    @EnvVar({ description: 'Comma-separated Kafka bootstrap brokers', example: '127.0.0.1:9092' })
    @Transform(({ obj }) => splitList((obj as Record<string, unknown>)['KAFKA_BROKERS']))
    @IsString({ each: true })
    @Matches(/^[^\s:]+:\d{1,5}$/, { each: true, message: 'KAFKA_BROKERS must be host:port entries separated by commas' })
    @IsNotEmpty()
    KAFKA_BROKERS!: string[];

    @EnvVar({ description: 'Prefix of every Kafka topic name (isolates environments and test runs)', example: '' })
    @IsOptional()
    @Matches(/^[A-Za-z0-9._-]*$/, { message: 'KAFKA_TOPIC_PREFIX may hold only letters, digits, ".", "_" and "-"' })
    KAFKA_TOPIC_PREFIX = '';

    @EnvVar({
      description:
        'Partitions of the topics this service creates if missing: the most consumers of one group that share a topic\'s work (events are keyed by subject, so one entity\'s events stay in order). An existing topic with fewer partitions is left as it is and logged as a warning',
      example: '6',
    })
    @IsInt()
    @Min(1)
    @Max(256)
    KAFKA_TOPIC_PARTITIONS = 6;
  }
  return KafkaConfig;
}

/** Redis connection and key prefix (BullMQ queues, rate limits). */
export function WithRedis<TBase extends Constructor>(Base: TBase) {
  class RedisConfig extends Base {
    @EnvVar({ description: 'Redis URL', example: 'redis://127.0.0.1:6379' })
    @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
    REDIS_URL!: string;

    @EnvVar({ description: 'Prefix of every Redis key this service writes (isolates environments and test runs)', example: 'mg' })
    @Matches(/^[A-Za-z0-9._-]+$/, { message: 'REDIS_PREFIX may hold only letters, digits, ".", "_" and "-"' })
    REDIS_PREFIX = 'mg';
  }
  return RedisConfig;
}

const SERVICE_TOKEN_RULE = /^.{16,}$/;

/**
 * The validator's own credential on the registry's gRPC API (service-access.ts in
 * libs/contracts lists what it may call). The registry and the validator read it; the
 * gateway never does.
 */
export function WithValidatorServiceToken<TBase extends Constructor>(Base: TBase) {
  class ValidatorServiceTokenConfig extends Base {
    @EnvVar({ description: "The validator's own token on the registry's internal gRPC API (validation credentials, models in service)", sensitive: true, example: 'change-me-validator-token' })
    @IsString()
    @Matches(SERVICE_TOKEN_RULE, { message: 'VALIDATOR_SERVICE_TOKEN must be at least 16 characters' })
    VALIDATOR_SERVICE_TOKEN!: string;
  }
  return ValidatorServiceTokenConfig;
}

/** The gateway's own credential on the registry's gRPC API (keys, model resolution, a workspace's models). */
export function WithGatewayServiceToken<TBase extends Constructor>(Base: TBase) {
  class GatewayServiceTokenConfig extends Base {
    @EnvVar({ description: "The gateway's own token on the registry's internal gRPC API (workspace keys, model resolution)", sensitive: true, example: 'change-me-gateway-token' })
    @IsString()
    @Matches(SERVICE_TOKEN_RULE, { message: 'GATEWAY_SERVICE_TOKEN must be at least 16 characters' })
    GATEWAY_SERVICE_TOKEN!: string;
  }
  return GatewayServiceTokenConfig;
}

/** The experiment worker's own credential on the registry's gRPC API (a run's snapshot, cells and per-run gateway key). */
export function WithExperimentWorkerServiceToken<TBase extends Constructor>(Base: TBase) {
  class ExperimentWorkerServiceTokenConfig extends Base {
    @EnvVar({ description: "The experiment worker's own token on the registry's internal gRPC API (run snapshots, cells, per-run credentials)", sensitive: true, example: 'change-me-experiment-worker-token' })
    @IsString()
    @Matches(SERVICE_TOKEN_RULE, { message: 'EXPERIMENT_WORKER_SERVICE_TOKEN must be at least 16 characters' })
    EXPERIMENT_WORKER_SERVICE_TOKEN!: string;
  }
  return ExperimentWorkerServiceTokenConfig;
}

/**
 * TLS of a client of the registry's gRPC API. With REGISTRY_GRPC_CA_FILE set the channel
 * is TLS and the registry's certificate must chain to that CA; a client certificate and
 * key (both or neither) answer a registry that requires them (REGISTRY_GRPC_TLS_CLIENT_CA_FILE).
 */
export function WithRegistryGrpcClientTls<TBase extends Constructor>(Base: TBase) {
  class RegistryGrpcClientTlsConfig extends Base {
    @EnvVar({ description: "PEM file of the CA that signed the registry's gRPC certificate; set, the channel uses TLS", example: '/run/secrets/grpc-ca.pem' })
    @IsOptional()
    @IsString()
    REGISTRY_GRPC_CA_FILE?: string;

    @EnvVar({ description: "PEM file of this service's client certificate, for a registry that requires one (with REGISTRY_GRPC_CLIENT_KEY_FILE)", example: '/run/secrets/gateway-cert.pem' })
    @IsOptional()
    @IsString()
    REGISTRY_GRPC_CLIENT_CERT_FILE?: string;

    @EnvVar({ description: "PEM file of this service's client private key (with REGISTRY_GRPC_CLIENT_CERT_FILE)", example: '/run/secrets/gateway-key.pem' })
    @IsOptional()
    @IsString()
    REGISTRY_GRPC_CLIENT_KEY_FILE?: string;

    @EnvVar({ description:
        "Name the registry's certificate must carry when it differs from REGISTRY_GRPC_URL's host; required over TLS when REGISTRY_GRPC_URL lists registries on different hosts (grpc-js checks one name for every connection)",
      example: 'registry.internal' })
    @IsOptional()
    @IsString()
    REGISTRY_GRPC_SERVER_NAME?: string;
  }
  return RegistryGrpcClientTlsConfig;
}

/** Outbound guard: which otherwise-forbidden destinations upstream calls may reach. */
export function WithOutboundAllowlist<TBase extends Constructor>(Base: TBase) {
  class OutboundConfig extends Base {
    @EnvVar({
      description:
        'Comma-separated host:port entries (hostname, IP or CIDR; IPv6 in brackets; port or *) that upstream calls may reach even though they are loopback or private (e.g. a local vLLM: vllm.internal:8000). An entry without a port is refused at boot: add :* for every port.',
      example: '127.0.0.1:8000',
    })
    @IsOptional()
    @IsString()
    OUTBOUND_ALLOWLIST = '';

    @EnvVar({
      description:
        "Comma-separated host:port of Model Garden's services that this service's configuration does not name (e.g. the registry's HTTP port for the gateway): never upstreams, whatever OUTBOUND_ALLOWLIST opens. The service's own ports, Kafka, Redis, the database and the registry's gRPC address are added by themselves.",
      example: 'registry:3000,validator:3001,gateway:3002',
    })
    @IsOptional()
    @IsString()
    OUTBOUND_PLATFORM_ENDPOINTS = '';
  }
  return OutboundConfig;
}

/** Splits a comma-separated variable into trimmed, non-empty entries. */
export function splitList(value: unknown): unknown {
  return typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value;
}
