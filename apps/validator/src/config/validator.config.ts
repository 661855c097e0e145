import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { EnvVar, IsRegistryGrpcUrl, ServiceConfig, WithKafka, WithOutboundAllowlist, WithRedis, WithRegistryGrpcClientTls, WithValidatorServiceToken } from '@model-garden/platform';

/** Every variable the validator reads; a bad or missing one stops it at boot with the variable's name. */
export class ValidatorConfig extends WithOutboundAllowlist(WithRegistryGrpcClientTls(WithValidatorServiceToken(WithRedis(WithKafka(ServiceConfig))))) {
  @EnvVar({ description: 'Host the health and metrics endpoints bind to', example: '0.0.0.0' })
  @IsString()
  VALIDATOR_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of public liveness and readiness', example: '3001' })
  @IsInt()
  @Min(0)
  @Max(65535)
  VALIDATOR_PORT = 3001;

  @EnvVar({
    description: 'Host of the internal listener (Prometheus /metrics, detailed /health/ready); keep it off public networks',
    example: '127.0.0.1',
  })
  @IsString()
  VALIDATOR_INTERNAL_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the internal listener (Prometheus /metrics, detailed /health/ready); 0 picks a free port', example: '9301' })
  @IsInt()
  @Min(0)
  @Max(65535)
  VALIDATOR_INTERNAL_PORT = 9301;

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

  @EnvVar({ description: 'Kafka consumer group shared by every validator replica', example: 'model-garden-validator' })
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID = 'model-garden-validator';

  @EnvVar({ description: 'Validation jobs one worker runs at once', example: '8' })
  @IsInt()
  @Min(1)
  @Max(256)
  VALIDATOR_CONCURRENCY = 8;

  @EnvVar({ description: 'Attempts of one validation job; transient failures (timeouts, 5xx, 429) retry until they run out', example: '5' })
  @IsInt()
  @Min(1)
  @Max(20)
  VALIDATOR_ATTEMPTS = 5;

  @EnvVar({ description: 'Base delay of the exponential backoff between attempts (jittered), in milliseconds', example: '2000' })
  @IsInt()
  @Min(10)
  @Max(600_000)
  VALIDATOR_BACKOFF_MS = 2_000;

  @EnvVar({ description: 'Longest delay between attempts, Retry-After included, in milliseconds', example: '60000' })
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  VALIDATOR_BACKOFF_MAX_MS = 60_000;

  @EnvVar({ description: 'Deadline of one probe call (connect to last byte), in milliseconds', example: '15000' })
  @IsInt()
  @Min(100)
  @Max(300_000)
  VALIDATOR_PROBE_TIMEOUT_MS = 15_000;

  @EnvVar({ description: 'Deadline of the image generation probe, in milliseconds', example: '60000' })
  @IsInt()
  @Min(100)
  @Max(600_000)
  VALIDATOR_IMAGE_TIMEOUT_MS = 60_000;

  @EnvVar({ description: 'Deadline of each connectivity step (DNS, TCP, TLS), in milliseconds', example: '5000' })
  @IsInt()
  @Min(100)
  @Max(60_000)
  VALIDATOR_CONNECT_TIMEOUT_MS = 5_000;

  @EnvVar({ description: 'How long a worker holds a job between lock renewals; a crashed worker releases its jobs after it', example: '30000' })
  @IsInt()
  @Min(500)
  @Max(600_000)
  VALIDATOR_LOCK_DURATION_MS = 30_000;

  @EnvVar({ description: 'How often workers look for jobs whose worker died (stalled jobs), in milliseconds', example: '15000' })
  @IsInt()
  @Min(250)
  @Max(600_000)
  VALIDATOR_STALLED_INTERVAL_MS = 15_000;

  @EnvVar({ description: 'Times a job may be recovered from a dead worker before it is failed', example: '2' })
  @IsInt()
  @Min(0)
  @Max(20)
  VALIDATOR_MAX_STALLED_COUNT = 2;

  @EnvVar({ description: 'Seconds between health re-checks of models in service (each model jittered within the interval); 0 disables them', example: '600' })
  @IsInt()
  @Min(0)
  @Max(86_400)
  VALIDATOR_HEALTH_INTERVAL_SECONDS = 600;

  @EnvVar({ description: 'Health re-checks one worker runs at once', example: '4' })
  @IsInt()
  @Min(1)
  @Max(256)
  VALIDATOR_HEALTH_CONCURRENCY = 4;
}
