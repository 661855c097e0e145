import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EnvVar, IsRegistryGrpcUrl, IsTrustedProxyList, ServiceConfig, WithKafka, WithOutboundAllowlist, WithRedis, WithRegistryGrpcClientTls, WithGatewayServiceToken } from '@model-garden/platform';

/** Every variable the gateway reads; a bad or missing one stops it at boot with the variable's name. */
export class GatewayConfig extends WithOutboundAllowlist(WithRegistryGrpcClientTls(WithGatewayServiceToken(WithRedis(WithKafka(ServiceConfig))))) {
  @EnvVar({ description: 'Host the OpenAI-compatible API binds to', example: '0.0.0.0' })
  @IsString()
  GATEWAY_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the OpenAI-compatible API and public readiness', example: '3002' })
  @IsInt()
  @Min(0)
  @Max(65535)
  GATEWAY_PORT = 3002;

  @EnvVar({
    description: 'Host of the internal listener (Prometheus /metrics, detailed /health/ready); keep it off public networks',
    example: '127.0.0.1',
  })
  @IsString()
  GATEWAY_INTERNAL_HOST = '127.0.0.1';

  @EnvVar({ description: 'Port of the internal listener (Prometheus /metrics, detailed /health/ready); 0 picks a free port', example: '9302' })
  @IsInt()
  @Min(0)
  @Max(65535)
  GATEWAY_INTERNAL_PORT = 9302;

  @EnvVar({
    description:
      'Address of the registry gRPC API: host:port, a comma-separated list of IP host:port (one per registry replica), or dns:///name:port for a name that resolves to every replica. Calls are spread over the replicas (round_robin) and skip one that is down',
    example: '127.0.0.1:50051',
  })
  @IsRegistryGrpcUrl()
  REGISTRY_GRPC_URL!: string;

  @EnvVar({
    description: 'Prefix of the Kafka consumer group for cache invalidation; each replica appends its own instance id so every replica sees every event',
    example: 'model-garden-gateway',
  })
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID = 'model-garden-gateway';

  @EnvVar({
    description:
      'This replica’s id, shown in logs and in its cache-invalidation consumer group (KAFKA_GROUP_ID-<id>-<random suffix>: the suffix keeps replicas that share an id in groups of their own); defaults to the host name and the pid',
    example: 'gateway-0',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'GATEWAY_INSTANCE_ID may hold 1-64 letters, digits, ".", "_" and "-"' })
  GATEWAY_INSTANCE_ID?: string;

  @EnvVar({ description: 'Largest accepted request body in bytes (vision and long prompts need room)', example: '10485760' })
  @IsInt()
  @Min(1024)
  @Max(104_857_600)
  GATEWAY_BODY_LIMIT_BYTES = 10_485_760;

  @EnvVar({ description: 'Deadline of the registry gRPC calls (key and model resolution) in milliseconds', example: '2000' })
  @IsInt()
  @Min(100)
  @Max(30_000)
  GATEWAY_REGISTRY_TIMEOUT_MS = 2_000;

  @EnvVar({ description: 'Seconds a resolved workspace API key stays cached (revocation events drop it sooner)', example: '60' })
  @IsInt()
  @Min(0)
  @Max(3_600)
  GATEWAY_AUTH_CACHE_TTL_SECONDS = 60;

  @EnvVar({ description: 'Seconds an unknown API key or model stays cached as unknown', example: '5' })
  @IsInt()
  @Min(0)
  @Max(300)
  GATEWAY_NEGATIVE_CACHE_TTL_SECONDS = 5;

  @EnvVar({
    description: 'Largest number of unknown API keys and model names cached as unknown, kept apart from known ones so random keys never evict valid keys',
    example: '1000',
  })
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  GATEWAY_NEGATIVE_CACHE_MAX_ENTRIES = 1_000;

  @EnvVar({ description: 'Seconds a resolved model stays cached (model events drop it sooner)', example: '60' })
  @IsInt()
  @Min(0)
  @Max(3_600)
  GATEWAY_MODEL_CACHE_TTL_SECONDS = 60;

  @EnvVar({ description: 'Largest number of entries of each resolution cache (keys, models)', example: '10000' })
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  GATEWAY_CACHE_MAX_ENTRIES = 10_000;

  @EnvVar({ description: 'Seconds an expired cache entry may still serve while the registry cannot be reached', example: '300' })
  @IsInt()
  @Min(0)
  @Max(86_400)
  GATEWAY_CACHE_STALE_IF_ERROR_SECONDS = 300;

  @EnvVar({ description: 'TCP and TLS connect deadline of upstream calls in milliseconds', example: '5000' })
  @IsInt()
  @Min(100)
  @Max(60_000)
  GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;

  @EnvVar({
    description: 'Default deadline of one upstream call in milliseconds: the whole answer, or the response headers of a stream (a request may set timeout.call_timeout)',
    example: '300000',
  })
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  GATEWAY_UPSTREAM_TIMEOUT_MS = 300_000;

  @EnvVar({ description: 'Longest silence between two chunks of an upstream stream before it is cut, in milliseconds', example: '120000' })
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  GATEWAY_STREAM_IDLE_TIMEOUT_MS = 120_000;

  @EnvVar({ description: 'Milliseconds an idle upstream keep-alive connection is kept open', example: '4000' })
  @IsInt()
  @Min(100)
  @Max(600_000)
  GATEWAY_UPSTREAM_KEEPALIVE_MS = 4_000;

  @EnvVar({
    description:
      'Requests per minute each workspace API key may make to /v1 (a burst of that size, then a steady rate), counted in Redis across replicas; 0 (the default) disables. docker-compose.yml sets 600',
    example: '600',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  GATEWAY_RATE_LIMIT_PER_MINUTE = 0;

  @EnvVar({ description: 'Retries of a failed upstream call when the request does not say (retry.count)', example: '2' })
  @IsInt()
  @Min(0)
  @Max(10)
  GATEWAY_RETRY_DEFAULT_COUNT = 2;

  @EnvVar({ description: 'Largest retry.count a request may ask for', example: '5' })
  @IsInt()
  @Min(0)
  @Max(10)
  GATEWAY_RETRY_MAX_COUNT = 5;

  @EnvVar({ description: 'First retry backoff in milliseconds (doubled per attempt, with jitter)', example: '200' })
  @IsInt()
  @Min(0)
  @Max(60_000)
  GATEWAY_RETRY_BASE_DELAY_MS = 200;

  @EnvVar({ description: 'Longest wait before a retry, Retry-After included; a provider asking for longer is not retried', example: '10000' })
  @IsInt()
  @Min(0)
  @Max(300_000)
  GATEWAY_RETRY_MAX_DELAY_MS = 10_000;

  @EnvVar({ description: 'Milliseconds between two publications of buffered usage events', example: '250' })
  @IsInt()
  @Min(10)
  @Max(60_000)
  GATEWAY_USAGE_FLUSH_INTERVAL_MS = 250;

  @EnvVar({ description: 'Largest number of usage events in one Kafka batch', example: '500' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  GATEWAY_USAGE_BATCH_SIZE = 500;

  @EnvVar({ description: 'Usage events kept in memory while Kafka is unreachable; beyond it the oldest are dropped (and counted)', example: '50000' })
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  GATEWAY_USAGE_BUFFER_MAX = 50_000;

  @EnvVar({
    description:
      'Directory of the usage journal: every usage event is appended here before the answer ends and deleted once Kafka has it, so a killed gateway publishes it at its next start. ' +
      'One directory per gateway process (a lock file refuses a second live one); keep it across restarts (a Kubernetes emptyDir survives container restarts, not pod deletion)',
    example: '/var/lib/model-garden/usage',
  })
  @IsString()
  @IsNotEmpty()
  GATEWAY_USAGE_JOURNAL_DIR = join(tmpdir(), 'model-garden-gateway-usage');

  @EnvVar({
    description:
      'Access log of inference requests (never prompts or keys): "errors" logs failed ones (status >= 400), "all" every request (costs about a tenth of the gateway CPU per request), "off" none',
    example: 'errors',
  })
  @IsIn(['off', 'errors', 'all'])
  GATEWAY_ACCESS_LOG: 'off' | 'errors' | 'all' = 'errors';

  @EnvVar({
    description:
      'Browser origins allowed to call the gateway (CORS), comma-separated, exactly as the browser sends them: the studio\'s origin (the registry\'s public URL) for its deployment playground. Empty (the default): no cross-origin calls',
    example: 'https://registry.example.com',
  })
  @IsOptional()
  @Matches(/^$|^https?:\/\/[^\s,/]+(,\s*https?:\/\/[^\s,/]+)*$/, { message: 'GATEWAY_CORS_ORIGINS must be origins like https://studio.example.com (scheme, host, optional port; no path), separated by commas' })
  GATEWAY_CORS_ORIGINS = '';

  @EnvVar({ description: 'Milliseconds a client has to send a whole request (headers and body); 408 and the connection closed after it', example: '60000' })
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  GATEWAY_REQUEST_TIMEOUT_MS = 60_000;

  @EnvVar({ description: 'Milliseconds a client has to send the request headers', example: '10000' })
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  GATEWAY_HEADERS_TIMEOUT_MS = 10_000;

  @EnvVar({ description: 'Milliseconds an idle client keep-alive connection is kept open', example: '5000' })
  @IsInt()
  @Min(100)
  @Max(600_000)
  GATEWAY_KEEPALIVE_TIMEOUT_MS = 5_000;

  @EnvVar({ description: 'Largest number of open client connections; beyond it new connections are closed at once', example: '10000' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  GATEWAY_MAX_CONNECTIONS = 10_000;

  @EnvVar({
    description:
      'Failed authentications (missing, unknown or expired key) one client address may cause per minute before it gets 429 with Retry-After, counted across replicas in Redis (each replica learns the shared count at the address\'s next failure on it); 0 disables',
    example: '30',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  GATEWAY_AUTH_FAILURES_PER_MINUTE = 30;

  @EnvVar({
    description:
      'Reverse proxies (comma-separated IP addresses or CIDR ranges, e.g. the nginx in front of the replicas) whose X-Forwarded-For names the client: the per-address limit on failed authentications then counts the client, read from the right of the header past every trusted hop. Empty (the default): no proxy is trusted and the connection\'s peer is the client, so the header cannot be spoofed',
    example: '10.0.0.0/8',
  })
  @IsTrustedProxyList('GATEWAY_TRUSTED_PROXIES')
  GATEWAY_TRUSTED_PROXIES = '';

  @EnvVar({ description: 'Requests one API key may have in flight at once (429 with Retry-After beyond it); 0 disables', example: '64' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  GATEWAY_MAX_IN_FLIGHT_PER_KEY = 64;

  @EnvVar({ description: 'Inference requests the gateway has in flight at once (503 with Retry-After beyond it)', example: '2048' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  GATEWAY_MAX_IN_FLIGHT = 2_048;

  @EnvVar({ description: 'Largest upstream answer read into memory (non-stream), in bytes; a bigger one is a 502', example: '33554432' })
  @IsInt()
  @Min(65_536)
  @Max(268_435_456)
  GATEWAY_MAX_RESPONSE_BYTES = 33_554_432;

  @EnvVar({
    description:
      'Bytes of non-stream upstream answers held in memory at once across all requests; an answer that does not fit is a 503 with Retry-After (keep it above GATEWAY_MAX_RESPONSE_BYTES)',
    example: '268435456',
  })
  @IsInt()
  @Min(65_536)
  @Max(17_179_869_184)
  GATEWAY_MAX_BUFFERED_RESPONSE_BYTES = 268_435_456;

  @EnvVar({ description: 'Largest single server-sent event from an upstream stream, in bytes; the stream ends with an error event beyond it', example: '1048576' })
  @IsInt()
  @Min(4_096)
  @Max(67_108_864)
  GATEWAY_MAX_SSE_EVENT_BYTES = 1_048_576;

  @EnvVar({ description: 'Largest total of one upstream stream, in bytes; the stream ends with an error event beyond it', example: '268435456' })
  @IsInt()
  @Min(65_536)
  @Max(17_179_869_184)
  GATEWAY_MAX_STREAM_BYTES = 268_435_456;

  @EnvVar({ description: 'Longest duration of one upstream stream, in milliseconds; the stream ends with an error event after it', example: '1800000' })
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  GATEWAY_MAX_STREAM_DURATION_MS = 1_800_000;

  @EnvVar({
    description:
      'Largest token count accepted from an upstream usage report; a bigger (or negative, or fractional) one is replaced by the gateway\'s estimate and recorded as estimated',
    example: '10000000',
  })
  @IsInt()
  @Min(1_000)
  @Max(2_000_000_000)
  GATEWAY_MAX_USAGE_TOKENS = 10_000_000;

  @EnvVar({
    description:
      'Which vision requests may carry only data: image URLs (no http(s) URL the upstream would fetch): "private" for upstreams on the outbound allowlist (a private-network model server), "all" for every upstream, "off" for none',
    example: 'private',
  })
  @IsIn(['off', 'private', 'all'])
  GATEWAY_DATA_IMAGES_ONLY: 'off' | 'private' | 'all' = 'off';
  @EnvVar({ description: 'Largest answer the exact-match response cache stores, in bytes (a bigger one is served but not stored)', example: '1048576' })
  @IsInt()
  @Min(1_024)
  @Max(64 * 1024 * 1024)
  GATEWAY_RESPONSE_CACHE_MAX_ENTRY_BYTES = 1_048_576;

  @EnvVar({ description: 'Output tokens a budget reserves for a call that sets no max_tokens (and whose model has no default), settled with the actual count after', example: '1024' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  GATEWAY_BUDGET_DEFAULT_OUTPUT_TOKENS = 1_024;

  @EnvVar({
    description: 'Test only: milliseconds added to the clock budgets use to pick their UTC period (so a test can cross a period end); leave it at 0',
    example: '0',
  })
  @IsInt()
  @Min(-31_536_000_000)
  @Max(31_536_000_000)
  GATEWAY_BUDGET_CLOCK_OFFSET_MS = 0;
}
