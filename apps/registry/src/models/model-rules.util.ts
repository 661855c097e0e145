import { type FieldError, type ModelPricing, type ModelType } from '@model-garden/contracts';

/** Model keys: lower-case slugs, unique in a workspace. */
export const MODEL_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
export const MODEL_KEY_MAX = 64;

/** A slug of the provider's model id: `meta-llama/Llama-3.1-8B` → `meta-llama-llama-3.1-8b`. */
export function slugifyModelKey(modelId: string): string {
  const slug = modelId
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[-._]{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, MODEL_KEY_MAX)
    .replace(/[-._]+$/g, '');
  return slug || 'model';
}

/** `base-2`, `base-3`, …: the first not in `taken`, within the key length. */
export function suggestFreeKey(base: string, taken: ReadonlySet<string>, maxLength = MODEL_KEY_MAX): string {
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, maxLength - suffix.length).replace(/[-._]+$/g, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const TOKEN_PRICES = ['inputPerMillionTokens', 'outputPerMillionTokens'] as const;

/** Token prices belong to token models, a per-image price to image models. */
export function pricingErrors(type: ModelType | undefined, pricing: ModelPricing | null | undefined): FieldError[] {
  if (!type || !pricing || typeof pricing !== 'object') return [];
  const errors: FieldError[] = [];
  if (type === 'image') {
    for (const field of TOKEN_PRICES) {
      if (pricing[field] !== undefined && pricing[field] !== null) {
        errors.push({ field: `pricing.${field}`, message: `pricing.${field} does not apply to an image model; price it with pricing.perImage.` });
      }
    }
  } else if (pricing.perImage !== undefined && pricing.perImage !== null) {
    errors.push({
      field: 'pricing.perImage',
      message: `pricing.perImage applies only to image models; price a ${type} model with inputPerMillionTokens and outputPerMillionTokens.`,
    });
  }
  return errors;
}

/** Base URLs are stored without a trailing slash, so API paths append cleanly. */
export function normalizeBaseUrl(href: string): string {
  return href.replace(/\/+$/, '');
}
