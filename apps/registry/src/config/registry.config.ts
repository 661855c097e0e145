import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EnvVar, ServiceConfig, WithKafka, WithOutboundAllowlist, WithRedis, WithServiceToken } from '@model-garden/platform';

/** Every variable the registry reads; a bad or missing one stops it at boot with the variable's name. */
export class RegistryConfig extends WithOutboundAllowlist(WithServiceToken(WithRedis(WithKafka(ServiceConfig)))) {
  @EnvVar({ description: 'Host the HTTP API binds to', example: '0.0.0.0' })
  @IsString()
  REGISTRY_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the REST API, Swagger UI, health and metrics', example: '3000' })
  @IsInt()
  @Min(0)
  @Max(65535)
  REGISTRY_PORT = 3000;

  @EnvVar({ description: 'Address the internal gRPC server binds to', example: '0.0.0.0:50051' })
  @Matches(/^[^\s]+:\d{1,5}$/, { message: 'REGISTRY_GRPC_BIND must be host:port' })
  REGISTRY_GRPC_BIND = '127.0.0.1:50051';

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
}
