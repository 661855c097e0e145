import { modelObject } from '../catalogue/catalogue';
import type { ProviderContext } from '../context';
import { modelNotFound } from '../http/mock-provider.exception';
import type { Exchange } from '../http/exchange';
import { sendJson } from '../http/send';

/** `GET /v1/models`: every listed model (the answer is cached until a scenario changes). */
export async function listModels(exchange: Exchange, context: ProviderContext): Promise<void> {
  if (!(await exchange.payLatency())) return;
  const body = context.catalog.listingJson();
  exchange.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  exchange.res.end(body);
}

/** `GET /v1/models/{id}`: a listed model; an unlisted scenario is a 404 here too. */
export async function retrieveModel(exchange: Exchange, context: ProviderContext, id: string): Promise<void> {
  const entry = context.catalog.get(id);
  if (entry === undefined || !entry.definition.listed) throw modelNotFound(id);
  if (!(await exchange.payLatency())) return;
  sendJson(exchange, 200, modelObject(entry.definition));
}
