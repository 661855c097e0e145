import { randomUUID } from 'node:crypto';
import { type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import {
  DEPLOYMENT_HEADERS,
  ERROR_CODES,
  renderTemplate,
  resolveTemplateInputs,
  type ResolvedDeployment,
  routeCall,
  type VariantParameters,
  type WireMessage,
} from '@model-garden/contracts';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
import { type CacheOption } from '../cache/cache-request.util';
import { ModelResolver } from '../catalogue/model-resolver.service';
import { GatewayConfig } from '../config/gateway.config';
import { type InboundRequest, sendError, sendJson } from '../http/http-io.util';
import { CHAT_COMPLETIONS, COMPLETIONS } from '../inference/endpoints.constant';
import { InferenceService } from '../inference/inference.service';
import { DEFAULT_RETRY_STATUSES } from '../inference/request-options.util';
import { GatewayError } from '../shared/gateway.exception';
import { assembleMessages, buildVariantBody, variantOptions } from './deployment-body.util';
import { DeploymentResolver } from './deployment-resolver.service';
import { type AnswerMeta, mockAnswer, OrqShaper, orqProvider, sseEvent, telemetryFor } from './orq-answer.util';
import { type DeploymentCallRequest, deploymentNotFound, isDeploymentKey, parseDeploymentCall } from './orq-request.util';
import { type ServingDeployment, type ServingVariant } from './serving-deployment';

const DEFAULT_RETRY_ON: ReadonlySet<number> = new Set(DEFAULT_RETRY_STATUSES);

/** A call routed and rendered: the version's variant and the messages it sends. */
interface PreparedCall {
  deployment: ServingDeployment;
  variant: ServingVariant;
  messages: Array<WireMessage | Record<string, unknown>>;
}

/**
 * orq.ai's Deployments API (`/v2/deployments/*`) on Model Garden's gateway, so code
 * written against orq.ai runs here by changing only the server URL. A call resolves the
 * deployment (cached, invalidated by events), routes on `context` and `identity`,
 * fills the variant's template with `inputs`, and then runs the same inference path as
 * `/v1/chat/completions` (the model's rules, retries, fallbacks, streaming relay with
 * its limits, usage), with the answer reshaped into orq.ai's. Every method gets the
 * caller's key admitted by RequestAdmission (the router admits before reading a body).
 */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly config: GatewayConfig,
    private readonly deployments: DeploymentResolver,
    private readonly models: ModelResolver,
    private readonly inference: InferenceService,
  ) {}

  /** `POST /v2/deployments/invoke` (`streamed` false) and `/v2/deployments/stream` (true). */
  async invoke(request: InboundRequest, res: ServerResponse, key: WorkspaceKey, streamed: boolean): Promise<void> {
    if (isMockCall(request.body)) {
      await this.answer(request, res, async () => this.mock(request, res, key, streamed));
      return;
    }
    await this.inference.run(CHAT_COMPLETIONS, request, res, key, async (exchange) => {
      const call = parseDeploymentCall(request.body, streamed);
      const prepared = await this.prepare(key, call);
      const { deployment, variant } = prepared;
      if (variant.view.model.type === 'completion') exchange.spec = COMPLETIONS;
      exchange.deployment = { id: deployment.id, key: deployment.key, version: deployment.version, variant: variant.view.key };
      exchange.shaper = new OrqShaper(this.meta(exchange.requestId, request, variant, call), this.headers(deployment, variant));
      return {
        body: buildVariantBody(variant, prepared.messages, call.extraParams, call.stream),
        requested: variant.view.model.id,
        label: variant.view.model.ref,
        options: variantOptions(
          variant,
          {
            defaultRetryCount: this.config.GATEWAY_RETRY_DEFAULT_COUNT,
            maxRetryCount: this.config.GATEWAY_RETRY_MAX_COUNT,
            defaultCallTimeoutMs: this.config.GATEWAY_UPSTREAM_TIMEOUT_MS,
          },
          DEFAULT_RETRY_ON,
        ),
        fallBackFromUnservable: true,
        cache: deploymentCacheOption(deployment, call),
      };
    });
  }

  /** `POST /v2/deployments/get_config`: the variant this call would get, templated, with its parameters; no model call. */
  async getConfig(request: InboundRequest, res: ServerResponse, key: WorkspaceKey): Promise<void> {
    await this.answer(request, res, async () => {
      const call = parseDeploymentCall(request.body, false);
      const { deployment, variant, messages } = await this.prepare(key, call);
      const model = variant.view.model;
      const served = await this.models.resolve(key.workspaceId, model.id).catch(() => null);
      const parameters = orqParameters(variant.view.parameters, model.type === 'completion');
      // The model's rules, as a call would apply them: temperature by default, max tokens as default and ceiling.
      if (served?.temperature !== undefined && parameters['temperature'] === undefined) parameters['temperature'] = served.temperature;
      if (served?.maxTokens !== undefined) parameters['maxTokens'] = Math.min(Number(parameters['maxTokens'] ?? served.maxTokens), served.maxTokens);
      for (const [name, value] of Object.entries(call.extraParams)) parameters[camel(name)] = value;
      const tools = variant.view.parameters.tools ?? [];
      return {
        body: {
          id: randomUUID(),
          provider: orqProvider(model.provider),
          model: model.ref,
          type: model.type === 'completion' ? 'completion' : 'chat',
          version: String(deployment.version),
          variant: variant.view.key,
          messages: messages.map(configMessage),
          parameters,
          ...(tools.length > 0 ? { tools: tools.map((tool) => ({ type: 'function', function: { name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters } })) } : {}),
        },
        headers: this.headers(deployment, variant),
      };
    });
  }

  /** `GET /v2/deployments?limit&starting_after&ending_before`: orq.ai's list, each deployment with its default variant's prompt. */
  async list(request: InboundRequest, key: WorkspaceKey, query: URLSearchParams, res: ServerResponse): Promise<void> {
    await this.answer(request, res, async () => {
      const limitRaw = query.get('limit');
      const limit = limitRaw === null ? 10 : Number(limitRaw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw GatewayError.invalidRequest('limit must be a whole number from 1 to 50.', 'limit');
      const startingAfter = query.get('starting_after') ?? '';
      const endingBefore = query.get('ending_before') ?? '';
      if (startingAfter !== '' && endingBefore !== '') throw GatewayError.invalidRequest('Pass starting_after or ending_before, not both.', 'ending_before');
      const page = await this.deployments.list(key.workspaceId, limit, startingAfter, endingBefore);
      return { body: { object: 'list', data: page.deployments.map(listed), has_more: page.hasMore } };
    });
  }

  /** Routes the call and renders its variant's template: 404 for an unknown deployment, 400 naming a missing input. */
  private async prepare(key: WorkspaceKey, call: DeploymentCallRequest): Promise<PreparedCall> {
    const deployment = isDeploymentKey(call.key) ? await this.deployments.resolve(key.workspaceId, call.key) : null;
    if (deployment === null) throw deploymentNotFound(call.key);
    const decision = routeCall(deployment.routing, { deploymentKey: deployment.key, context: call.context, identityId: call.identityId });
    const variant = deployment.variant(decision.variant);
    const { values, missing } = resolveTemplateInputs(variant.view.variables, call.inputs);
    if (missing.length > 0) {
      const names = missing.map((name) => `"${name}"`).join(', ');
      throw new GatewayError(
        400,
        `The deployment \`${deployment.key}\` (version ${deployment.version}, variant ${variant.view.key}) needs the input${missing.length > 1 ? 's' : ''} ${names}: pass ${missing.length > 1 ? 'them' : 'it'} in inputs.`,
        'invalid_request_error',
        ERROR_CODES.missingInput,
        `inputs.${missing[0]}`,
      );
    }
    return { deployment, variant, messages: assembleMessages(renderTemplate(variant.template, values), call.prefixMessages, call.messages) };
  }

  private meta(requestId: string, request: InboundRequest, variant: ServingVariant, call: DeploymentCallRequest): AnswerMeta {
    return {
      id: requestId,
      created: new Date().toISOString(),
      object: variant.view.model.type === 'completion' ? 'completion' : 'chat',
      telemetry: telemetryFor(request.headers.traceparent),
      includeUsage: call.includeUsage,
    };
  }

  private headers(deployment: ServingDeployment, variant: ServingVariant): OutgoingHttpHeaders {
    return {
      [DEPLOYMENT_HEADERS.deployment]: deployment.key,
      [DEPLOYMENT_HEADERS.version]: String(deployment.version),
      [DEPLOYMENT_HEADERS.variant]: variant.view.key,
    };
  }

  /** `invoke_options.mock_response`: the routed variant answers with the given text; no model call, no usage recorded. */
  private async mock(request: InboundRequest, res: ServerResponse, key: WorkspaceKey, streamed: boolean): Promise<{ body: object; headers: OutgoingHttpHeaders } | undefined> {
    const call = parseDeploymentCall(request.body, streamed);
    const { deployment, variant } = await this.prepare(key, call);
    const meta = this.meta(request.id, request, variant, call);
    const headers = this.headers(deployment, variant);
    const answer = mockAnswer(meta, variant.view.model, call.mockResponse ?? '');
    if (!call.stream) return { body: answer, headers };
    const chunk = { ...answer, is_final: false, choices: [{ index: 0, finish_reason: null, message: { type: 'content', role: 'assistant', content: call.mockResponse ?? '' } }] };
    delete (chunk as { finalized?: string }).finalized;
    delete (chunk as { usage?: unknown }).usage;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', 'x-request-id': request.id, ...headers });
    res.end(`${sseEvent(chunk)}${sseEvent({ ...answer, choices: [{ index: 0, finish_reason: 'stop', message: { type: 'content', role: 'assistant', content: '' } }] })}data: [DONE]\n\n`);
    return undefined;
  }

  /** Answers JSON (or lets `produce` answer itself); errors in OpenAI's shape. */
  private async answer(request: InboundRequest, res: ServerResponse, produce: () => Promise<{ body: object; headers?: OutgoingHttpHeaders } | undefined>): Promise<void> {
    try {
      const answer = await produce();
      if (answer !== undefined) sendJson(res, 200, request.id, answer.body, answer.headers);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      sendError(res, request.id, error);
    }
  }
}

/** The call's own `cache` over its version's setting; the deployment and version go into the key. */
function deploymentCacheOption(deployment: ServingDeployment, call: DeploymentCallRequest): CacheOption | undefined {
  const setting = call.cache ?? deployment.cache;
  if (setting === null) return undefined;
  return { ttlSeconds: setting.ttl, deployment: { id: deployment.id, version: deployment.version } };
}

function isMockCall(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const options = (body as Record<string, unknown>)['invoke_options'];
  return typeof options === 'object' && options !== null && typeof (options as Record<string, unknown>)['mock_response'] === 'string';
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Variant parameters in the names orq.ai's get_config and list use (camelCase; json_schema inside responseFormat in snake_case). */
function orqParameters(parameters: VariantParameters, completion: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of ['temperature', 'maxTokens', 'topP', 'frequencyPenalty', 'presencePenalty', 'seed'] as const) {
    if (parameters[field] !== undefined) out[field] = parameters[field];
  }
  const format = parameters.responseFormat;
  if (format !== undefined && !completion) {
    out['responseFormat'] =
      format.type === 'json_schema'
        ? { type: 'json_schema', json_schema: { name: format.jsonSchema.name, schema: format.jsonSchema.schema, ...(format.jsonSchema.description !== undefined ? { description: format.jsonSchema.description } : {}), ...(format.jsonSchema.strict !== undefined ? { strict: format.jsonSchema.strict } : {}) } }
        : { type: format.type };
  }
  return out;
}

/** A templated message as get_config shows it (orq.ai's message: role, content, tool_calls, tool_call_id). */
function configMessage(message: WireMessage | Record<string, unknown>): Record<string, unknown> {
  const raw = message as Record<string, unknown>;
  const out: Record<string, unknown> = { role: raw['role'], content: raw['content'] ?? null };
  if (Array.isArray(raw['tool_calls'])) out['tool_calls'] = raw['tool_calls'];
  if (typeof raw['tool_call_id'] === 'string') out['tool_call_id'] = raw['tool_call_id'];
  return out;
}

/** One deployment in orq.ai's list shape: its default variant's prompt configuration. */
function listed(resolved: ResolvedDeployment): Record<string, unknown> {
  const config = JSON.parse(resolved.configJson) as { variants: ServingVariant['view'][]; routing: { defaultVariant: string } };
  const variant = config.variants.find((v) => v.key === config.routing.defaultVariant) ?? config.variants[0]!;
  const completion = variant.model.type === 'completion';
  return {
    id: resolved.id,
    created: new Date(resolved.createdAtMs).toISOString(),
    updated: new Date(resolved.updatedAtMs).toISOString(),
    key: resolved.key,
    description: resolved.description,
    prompt_config: {
      tools: (variant.parameters.tools ?? []).map((tool) => ({
        type: 'function',
        function: {
          name: tool.function.name,
          ...(tool.function.description !== undefined ? { description: tool.function.description } : {}),
          parameters: { type: 'object', properties: {}, ...(tool.function.parameters ?? {}) },
        },
      })),
      model: variant.model.ref,
      model_type: completion ? 'completion' : 'chat',
      model_parameters: orqParameters(variant.parameters, completion),
      provider: orqProvider(variant.model.provider),
      messages: variant.messages.map((message) => ({
        role: message.role,
        content:
          typeof message.content === 'string'
            ? message.content
            : message.content.map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : { type: 'image_url', image_url: { url: part.imageUrl.url, ...(part.imageUrl.detail ? { detail: part.imageUrl.detail } : {}) } })),
      })),
    },
    version: String(resolved.version),
  };
}

