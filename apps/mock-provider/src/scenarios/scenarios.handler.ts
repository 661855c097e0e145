import type { ModelEntry } from '../catalogue/model.types';
import type { ProviderContext } from '../context';
import { readJsonBody } from '../http/body';
import { invalidRequest, OpenAIError } from '../http/mock-provider.exception';
import type { Exchange } from '../http/exchange';
import { sendJson } from '../http/send';
import { parseScenario } from './scenario.request';

/**
 * The admin API under `/__mock` (same Bearer key, no added latency): scenario models
 * with their own counters, totals per model, and a reset.
 */

export async function createScenario(exchange: Exchange, context: ProviderContext): Promise<void> {
  const definition = parseScenario(await readJsonBody(exchange, context.bodyLimitBytes));
  if (context.catalog.isBuiltin(definition.id)) {
    throw invalidRequest(`'${definition.id}' is a built-in model; choose another scenario id.`, 'id', 'reserved_model_id');
  }
  sendJson(exchange, 201, scenarioView(context.catalog.putScenario(definition)));
}

export function listScenarios(exchange: Exchange, context: ProviderContext): void {
  sendJson(exchange, 200, { object: 'list', data: context.catalog.scenarios().map(scenarioView) });
}

export function getScenario(exchange: Exchange, context: ProviderContext, id: string): void {
  const entry = context.catalog.get(id);
  if (entry === undefined || entry.definition.origin !== 'scenario') throw scenarioNotFound(id);
  sendJson(exchange, 200, scenarioView(entry));
}

export function deleteScenario(exchange: Exchange, context: ProviderContext, id: string): void {
  if (!context.catalog.deleteScenario(id)) throw scenarioNotFound(id);
  sendJson(exchange, 200, { id, object: 'mock.scenario', deleted: true });
}

export function getStats(exchange: Exchange, context: ProviderContext): void {
  sendJson(exchange, 200, { object: 'mock.stats', ...context.catalog.stats() });
}

export function resetAll(exchange: Exchange, context: ProviderContext): void {
  context.catalog.reset();
  sendJson(exchange, 200, { object: 'mock.reset', reset: true });
}

function scenarioView({ definition, counters }: ModelEntry): object {
  const { id, origin: _origin, created: _created, listed, ...behaviour } = definition;
  return { id, object: 'mock.scenario', ...behaviour, unlisted: !listed, ...counters };
}

function scenarioNotFound(id: string): OpenAIError {
  return new OpenAIError(404, `No scenario with id '${id}'.`, 'invalid_request_error', 'id', 'scenario_not_found');
}
