import type { ModelPricing, ModelType, ModelView, Region } from '@model-garden/contracts/browser';

const TYPE_LABELS: Record<ModelType, string> = { chat: 'Chat', completion: 'Completion', embedding: 'Embedding', image: 'Image' };
const REGION_LABELS: Record<Region, string> = { us: 'United States', eu: 'Europe' };

export const typeLabel = (type: ModelType): string => TYPE_LABELS[type] ?? type;
export const regionLabel = (region: Region): string => REGION_LABELS[region] ?? region;

/** The host of a base URL (`api.groq.com`), or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** "Groq" for a public model, the base URL's host for a private one. */
export function providerLabel(model: Pick<ModelView, 'owner' | 'provider' | 'baseUrl'>): string {
  return model.owner === 'public' ? model.provider : hostOf(model.baseUrl);
}

/** USD with as many decimals as a small amount needs (prices and costs can be fractions of a cent). */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: digits >= 2 ? 2 : 0, maximumFractionDigits: digits })}`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** 1.2k, 3.4M: for chart axes. */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** The prices of a model in one short line. */
export function formatPricing(pricing: ModelPricing | null, type: ModelType): string {
  if (!pricing) return 'No price set';
  if (type === 'image') return pricing.perImage !== undefined && pricing.perImage !== null ? `${formatUsd(pricing.perImage)} / image` : 'No price set';
  const parts: string[] = [];
  if (pricing.inputPerMillionTokens !== undefined && pricing.inputPerMillionTokens !== null) parts.push(`in ${formatUsd(pricing.inputPerMillionTokens)}`);
  if (pricing.outputPerMillionTokens !== undefined && pricing.outputPerMillionTokens !== null) parts.push(`out ${formatUsd(pricing.outputPerMillionTokens)}`);
  return parts.length > 0 ? `${parts.join(' · ')} / 1M tokens` : 'No price set';
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** "12 Mar" from `2025-03-12`. */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
