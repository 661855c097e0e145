import { BUILTIN_MODELS } from './builtin-models';
import type { ModelCounters, ModelDefinition, ModelEntry } from './model.types';

export interface ModelStats extends ModelCounters {
  base: string;
  origin: ModelDefinition['origin'];
}

/**
 * Every model the provider serves (built-ins and scenarios) with its counters. The
 * `/v1/models` answer is cached and rebuilt only when a scenario changes.
 */
export class ModelCatalogue {
  private readonly entries = new Map<string, ModelEntry>();
  private listingCache: string | undefined;
  /** Aborted requests that never resolved to a model (client gone during the body or auth). */
  unattributedAborts = 0;

  constructor() {
    for (const definition of BUILTIN_MODELS) this.entries.set(definition.id, { definition, counters: zeroCounters() });
  }

  get(id: string): ModelEntry | undefined {
    return this.entries.get(id);
  }

  isBuiltin(id: string): boolean {
    return this.entries.get(id)?.definition.origin === 'builtin';
  }

  /** Creates or replaces a scenario model; replacing resets its counters. */
  putScenario(definition: ModelDefinition): ModelEntry {
    const entry: ModelEntry = { definition, counters: zeroCounters() };
    this.entries.set(definition.id, entry);
    this.listingCache = undefined;
    return entry;
  }

  deleteScenario(id: string): boolean {
    if (this.entries.get(id)?.definition.origin !== 'scenario') return false;
    this.entries.delete(id);
    this.listingCache = undefined;
    return true;
  }

  scenarios(): ModelEntry[] {
    return [...this.entries.values()].filter((entry) => entry.definition.origin === 'scenario');
  }

  /** Deletes every scenario and zeroes the built-ins' counters. */
  reset(): void {
    for (const [id, entry] of this.entries) {
      if (entry.definition.origin === 'scenario') this.entries.delete(id);
      else Object.assign(entry.counters, zeroCounters());
    }
    this.unattributedAborts = 0;
    this.listingCache = undefined;
  }

  /** The JSON body of `GET /v1/models`. */
  listingJson(): string {
    this.listingCache ??= JSON.stringify({
      object: 'list',
      data: [...this.entries.values()].filter((entry) => entry.definition.listed).map((entry) => modelObject(entry.definition)),
    });
    return this.listingCache;
  }

  stats(): { totals: ModelCounters & { unattributedAborts: number }; models: Record<string, ModelStats> } {
    const totals = { ...zeroCounters(), unattributedAborts: this.unattributedAborts };
    const models: Record<string, ModelStats> = {};
    for (const [id, { definition, counters }] of this.entries) {
      models[id] = { base: definition.base, origin: definition.origin, ...counters };
      totals.calls += counters.calls;
      totals.aborted += counters.aborted;
      totals.faults += counters.faults;
    }
    totals.aborted += this.unattributedAborts;
    return { totals, models };
  }
}

export function modelObject(definition: ModelDefinition): { id: string; object: 'model'; created: number; owned_by: string } {
  return { id: definition.id, object: 'model', created: definition.created, owned_by: 'mock-provider' };
}

function zeroCounters(): ModelCounters {
  return { calls: 0, aborted: 0, faults: 0 };
}
