import { type Region, regionAllowed } from '@model-garden/contracts/browser';
import { regionLabel } from '../../lib/format';

/** Whether a model is outside the allowed regions (so every call of it would be refused). */
export function outsidePolicy(model: { region: Region }, allowed: readonly Region[] | null): boolean {
  return !regionAllowed(model.region, allowed);
}

/** The allowed regions as people read them: "Europe", "Europe and United States", "no region". */
export function regionsInWords(regions: readonly Region[] | null): string {
  if (regions === null) return 'every region';
  if (regions.length === 0) return 'no region';
  return regions.map((r) => regionLabel(r)).join(' and ');
}

const REFUSAL = /model "([^"]+)" (?:is )?in region "(\w+)", outside the regions this (?:workspace )?API key may use \(([^)]*)\)/i;

/**
 * A region refusal of the registry (422) or the gateway (403) said in plain words, or
 * null when the message is not one. The servers name the model, its region and the
 * allowed ones; this says what that means and what to do.
 */
export function regionRefusalInWords(message: string | null | undefined): string | null {
  const match = message ? REFUSAL.exec(message) : null;
  if (!match) return null;
  const [, model = '', region = '', allowedText = ''] = match;
  const allowed = [...allowedText.matchAll(/"(\w+)"/g)].map((m) => m[1] as Region);
  const where = allowed.length > 0 ? `only allows models that run in ${regionsInWords(allowed)}` : 'allows this key no region at all';
  return `${model} runs in ${regionLabel(region as Region)}, and this workspace ${where}, so it cannot be used here. Choose a model in an allowed region, or change the allowed regions in Settings.`;
}
