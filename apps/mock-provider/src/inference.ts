import { planFault } from './catalogue/faults';
import { BASE_ENDPOINT, ENDPOINT_PATHS, type Endpoint } from './catalogue/model.types';
import type { ModelHandler, ProviderContext } from './context';
import { readJsonBody } from './http/body';
import { invalidRequest, modelNotFound } from './http/mock-provider.exception';
import type { Exchange } from './http/exchange';
import { requiredString } from './http/fields';
import { streamEndlessly } from './http/sse';

/**
 * The steps every model endpoint shares: read the body, resolve the model and check it
 * serves this endpoint, count the call, wait the added latency, apply the model's
 * injected fault, then let the endpoint's handler answer.
 */
export async function serveModelCall(exchange: Exchange, context: ProviderContext, endpoint: Endpoint, handler: ModelHandler): Promise<void> {
  const body = await readJsonBody(exchange, context.bodyLimitBytes);
  const modelId = requiredString(body, 'model');
  const model = context.catalog.get(modelId);
  if (model === undefined) throw modelNotFound(modelId);
  const definition = model.definition;
  const served = BASE_ENDPOINT[definition.base];
  if (served !== endpoint) {
    throw invalidRequest(
      `The model \`${modelId}\` is not supported on ${ENDPOINT_PATHS[endpoint]}; it is served on ${ENDPOINT_PATHS[served]}.`,
      'model',
    );
  }
  const counters = model.counters;
  const call = ++counters.calls;
  exchange.onAborted = () => {
    counters.aborted++;
  };
  exchange.latencyMs += definition.latencyMs ?? 0;
  const fault = planFault(definition, call);
  if (fault !== undefined) counters.faults++;
  if (!(await exchange.payLatency())) return;
  if (fault !== undefined) {
    switch (fault.kind) {
      case 'hang':
        exchange.hanging = true;
        return exchange.untilClosed();
      case 'reset':
        return exchange.resetByServer();
      case 'status':
        throw fault.error;
      case 'response':
        exchange.responseFault = fault.fault;
    }
  }
  if (definition.endlessStream) return streamEndlessly(exchange);
  if (definition.jsonPaddingBytes !== undefined || definition.reportedPromptTokens !== undefined || definition.successContentType !== undefined) {
    exchange.answerShape = { paddingBytes: definition.jsonPaddingBytes, promptTokens: definition.reportedPromptTokens, contentType: definition.successContentType };
  }
  await handler(exchange, body, model, context);
}
