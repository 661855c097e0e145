import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { EnvVar, ServiceConfig, WithKafka, WithOutboundAllowlist, WithRedis, WithServiceToken } from '@model-garden/platform';

/** Every variable the gateway reads; a bad or missing one stops it at boot with the variable's name. */
export class GatewayConfig extends WithOutboundAllowlist(WithServiceToken(WithRedis(WithKafka(ServiceConfig)))) {
  @EnvVar({ description: 'Host the OpenAI-compatible API binds to', example: '0.0.0.0' })
  @IsString()
  GATEWAY_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the OpenAI-compatible API, health and metrics', example: '3002' })
  @IsInt()
  @Min(0)
  @Max(65535)
  GATEWAY_PORT = 3002;

  @EnvVar({ description: 'Address of the registry gRPC API', example: '127.0.0.1:50051' })
  @Matches(/^[^\s]+:\d{1,5}$/, { message: 'REGISTRY_GRPC_URL must be host:port' })
  REGISTRY_GRPC_URL!: string;

  @EnvVar({
    description: 'Prefix of the Kafka consumer group for cache invalidation; each replica appends its own instance id so every replica sees every event',
    example: 'model-garden-gateway',
  })
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID = 'model-garden-gateway';

  @EnvVar({ description: 'Largest accepted request body in bytes (vision and long prompts need room)', example: '10485760' })
  @IsInt()
  @Min(1024)
  @Max(104_857_600)
  GATEWAY_BODY_LIMIT_BYTES = 10_485_760;
}
