import { type DynamicModule, Module } from '@nestjs/common';
import { type AppLogger, HealthModule, LOGGER, MetricsModule, ServiceConnections, serviceConnectionsProvider } from '@model-garden/platform';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator.service';
import { ApiKeyRateLimiter } from './auth/api-key.rate-limiter';
import { RequestAdmission } from './auth/request-admission.service';
import { ModelResolver } from './catalogue/model-resolver.service';
import { ModelsListingService } from './catalogue/models-listing.service';
import { GatewayConfig } from './config/gateway.config';
import { DeploymentResolver } from './deployments/deployment-resolver.service';
import { DeploymentsService } from './deployments/deployments.service';
import { OpenAiRouter } from './http/openai.router';
import { AnswerRelay } from './inference/answer-relay.service';
import { InferenceService } from './inference/inference.service';
import { CacheInvalidationConsumer } from './invalidation/cache-invalidation.consumer';
import { InFlightRequests } from './lifecycle/in-flight-requests.service';
import { GatewayMetrics } from './metrics/gateway.metrics';
import { UpstreamAttempts } from './upstream/upstream-attempts.service';
import { UpstreamClient } from './upstream/upstream-client.service';
import { UsageAccountant } from './usage/usage-accountant.service';
import { UsageRecorder } from './usage/usage-recorder.service';

/** Nest wires the gateway's services; `/v1` is served by OpenAiRouter in front of Fastify (see its comment). */
const GATEWAY_SERVICES = [
  GatewayMetrics,
  ApiKeyAuthenticator,
  ApiKeyRateLimiter,
  RequestAdmission,
  ModelResolver,
  ModelsListingService,
  UpstreamClient,
  UsageRecorder,
  UsageAccountant,
  InFlightRequests,
  AnswerRelay,
  UpstreamAttempts,
  InferenceService,
  DeploymentResolver,
  DeploymentsService,
  CacheInvalidationConsumer,
  OpenAiRouter,
];

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule, MetricsModule],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        serviceConnectionsProvider('model-garden-gateway', config, config.GATEWAY_SERVICE_TOKEN, logger),
        ...GATEWAY_SERVICES,
      ],
      exports: [GatewayConfig, LOGGER, ServiceConnections, ...GATEWAY_SERVICES],
    };
  }
}
