import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { EnvVar, ServiceConfig, WithKafka, WithOutboundAllowlist, WithRedis, WithServiceToken } from '@model-garden/platform';

/** Every variable the validator reads; a bad or missing one stops it at boot with the variable's name. */
export class ValidatorConfig extends WithOutboundAllowlist(WithServiceToken(WithRedis(WithKafka(ServiceConfig)))) {
  @EnvVar({ description: 'Host the health and metrics endpoints bind to', example: '0.0.0.0' })
  @IsString()
  VALIDATOR_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the health and metrics endpoints', example: '3001' })
  @IsInt()
  @Min(0)
  @Max(65535)
  VALIDATOR_PORT = 3001;

  @EnvVar({ description: 'Address of the registry gRPC API', example: '127.0.0.1:50051' })
  @Matches(/^[^\s]+:\d{1,5}$/, { message: 'REGISTRY_GRPC_URL must be host:port' })
  REGISTRY_GRPC_URL!: string;

  @EnvVar({ description: 'Kafka consumer group shared by every validator replica', example: 'model-garden-validator' })
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID = 'model-garden-validator';

  @EnvVar({ description: 'Validation jobs one worker runs at once', example: '8' })
  @IsInt()
  @Min(1)
  @Max(256)
  VALIDATOR_CONCURRENCY = 8;
}
