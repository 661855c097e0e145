import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { EnvVar, IsRegistryGrpcUrl, ServiceConfig, WithExperimentWorkerServiceToken, WithKafka, WithRedis, WithRegistryGrpcClientTls } from '@model-garden/platform';

/**
 * Every variable the experiment worker reads; a bad or missing one stops it at boot
 * with the variable's name. It holds no long-lived gateway credential: each run's
 * comes from the registry over gRPC.
 */
export class ExperimentWorkerConfig extends WithRegistryGrpcClientTls(WithExperimentWorkerServiceToken(WithRedis(WithKafka(ServiceConfig)))) {
  @EnvVar({ description: 'Host of public liveness and readiness', example: '0.0.0.0' })
  @IsString()
  EXPERIMENT_WORKER_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of public liveness and readiness', example: '3004' })
  @IsInt()
  @Min(0)
  @Max(65535)
  EXPERIMENT_WORKER_PORT = 3004;

  @EnvVar({
    description: 'Host of the internal listener (Prometheus /metrics, detailed /health/ready); keep it off public networks',
    example: '127.0.0.1',
  })
  @IsString()
  EXPERIMENT_WORKER_INTERNAL_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the internal listener (Prometheus /metrics, detailed /health/ready); 0 picks a free port', example: '9304' })
  @IsInt()
  @Min(0)
  @Max(65535)
  EXPERIMENT_WORKER_INTERNAL_PORT = 9304;

  @EnvVar({
    description:
      'Address of the registry gRPC API: host:port, a comma-separated list of IP host:port (one per registry replica), or dns:///name:port for a name that resolves to every replica. Calls are spread over the replicas (round_robin) and skip one that is down',
    example: '127.0.0.1:50051',
  })
  @IsRegistryGrpcUrl()
  REGISTRY_GRPC_URL!: string;

  @EnvVar({ description: 'Milliseconds a call to the registry gRPC API may take', example: '5000' })
  @IsInt()
  @Min(100)
  @Max(120_000)
  REGISTRY_TIMEOUT_MS = 5_000;

  @EnvVar({ description: 'Base URL of the gateway every cell calls (its /v1 and /v2 APIs), as any client would', example: 'http://127.0.0.1:3002' })
  @Matches(/^https?:\/\/[^\s/]+(:\d{1,5})?\/?$/, { message: 'GATEWAY_URL must be an http(s) URL of the gateway, without a path (e.g. http://127.0.0.1:3002)' })
  GATEWAY_URL!: string;

  @EnvVar({ description: 'Kafka consumer group shared by every experiment worker replica', example: 'model-garden-experiment-worker' })
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID = 'model-garden-experiment-worker';

  @EnvVar({ description: 'Cell jobs one worker runs at once (across models; each model is also held to its experiment limit)', example: '32' })
  @IsInt()
  @Min(1)
  @Max(1_024)
  EXPERIMENT_WORKER_CONCURRENCY = 32;

  @EnvVar({ description: 'Attempts of one cell job when the platform fails (gateway unreachable, registry or Kafka down); a model error is recorded, not retried', example: '5' })
  @IsInt()
  @Min(1)
  @Max(20)
  EXPERIMENT_CELL_ATTEMPTS = 5;

  @EnvVar({ description: 'Base delay of the exponential backoff between attempts (jittered), in milliseconds', example: '1000' })
  @IsInt()
  @Min(10)
  @Max(600_000)
  EXPERIMENT_BACKOFF_MS = 1_000;

  @EnvVar({ description: 'Longest delay between attempts, in milliseconds', example: '30000' })
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  EXPERIMENT_BACKOFF_MAX_MS = 30_000;

  @EnvVar({ description: 'Deadline of one gateway call of a cell (the answer, a judge, an embedding), in milliseconds', example: '120000' })
  @IsInt()
  @Min(100)
  @Max(900_000)
  EXPERIMENT_CALL_TIMEOUT_MS = 120_000;

  @EnvVar({ description: 'Longest answer kept per cell, in characters (longer ones are cut, and the cell says so)', example: '100000' })
  @IsInt()
  @Min(100)
  @Max(200_000)
  EXPERIMENT_MAX_OUTPUT_CHARS = 100_000;

  @EnvVar({ description: 'How long a worker holds a job between lock renewals; a crashed worker releases its jobs after it', example: '30000' })
  @IsInt()
  @Min(500)
  @Max(600_000)
  EXPERIMENT_LOCK_DURATION_MS = 30_000;

  @EnvVar({ description: 'How often workers look for jobs whose worker died (stalled jobs), in milliseconds', example: '15000' })
  @IsInt()
  @Min(250)
  @Max(600_000)
  EXPERIMENT_STALLED_INTERVAL_MS = 15_000;

  @EnvVar({ description: 'Times a job may be recovered from a dead worker before it is failed (and its cell recorded as failed)', example: '3' })
  @IsInt()
  @Min(0)
  @Max(20)
  EXPERIMENT_MAX_STALLED_COUNT = 3;

  @EnvVar({ description: 'Milliseconds a job waits before trying again when its model has no free slot', example: '200' })
  @IsInt()
  @Min(10)
  @Max(60_000)
  EXPERIMENT_SLOT_RETRY_MS = 200;
}
