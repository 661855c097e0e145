import { type FieldError } from '../errors/error-codes';
import { MODEL_TYPES, type ModelPricing, type ModelType, REGIONS } from '../models/model.types';
import { OPENAI_ENDPOINT_SUFFIXES } from './url-shape';
import { enumRule, integerRule, type NumberRule, numberRule, textRule, type UrlRule } from './field-rule';

/**
 * The rules of a model's fields in `POST /v1/models` and `PATCH /v1/models/{id}`:
 * the registry's DTOs validate with them and the studio's model form checks with
 * them as the person types, so both say the same thing.
 */

/** Model keys: lower-case slugs, unique in a workspace, part of the ref `<workspace>@openailike/<key>`. */
export const MODEL_KEY_MAX = 64;
export const MODEL_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const MODEL_KEY_MESSAGE = `key must be a slug of 1 to ${MODEL_KEY_MAX} lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit`;

const NO_SPACES = /^\S+$/;
const HAS_TEXT = /\S/;

export const PRICE_MAX = 1_000_000;
export const PRICE_MAX_DECIMAL_PLACES = 8;

function priceRule(field: string, unit: string): NumberRule {
  return numberRule(field, {
    min: 0,
    max: PRICE_MAX,
    typeMessage: `${field} must be a number (${unit})`,
    minMessage: `${field} must not be negative`,
    maxMessage: `${field} must not exceed ${PRICE_MAX}`,
    maxDecimalPlaces: PRICE_MAX_DECIMAL_PLACES,
  });
}

const BASE_URL_RULE: UrlRule = {
  kind: 'url',
  typeMessage: 'baseUrl must be a string such as https://api.example.com/v1.',
  length: { max: 2048, message: 'baseUrl must be at most 2048 characters.' },
  shape: { label: 'The base URL', rejectQuery: true, rejectFragment: true, rejectEndpointPaths: OPENAI_ENDPOINT_SUFFIXES },
};

export const MODEL_RULES = {
  type: enumRule('type', MODEL_TYPES),
  /** Shape only: whether the host may be called is the registry's outbound policy (DNS, allowlist). */
  baseUrl: BASE_URL_RULE,
  apiKey: textRule('apiKey', { min: 1, max: 1024, patterns: [{ pattern: NO_SPACES, message: 'apiKey must not contain spaces' }] }),
  name: textRule('name', { min: 1, max: 100, patterns: [{ pattern: HAS_TEXT, message: 'name must not be blank' }] }),
  modelId: textRule('modelId', { min: 1, max: 200, patterns: [{ pattern: NO_SPACES, message: 'modelId must not contain spaces' }] }),
  key: textRule('key', { max: MODEL_KEY_MAX, lengthMessage: MODEL_KEY_MESSAGE, patterns: [{ pattern: MODEL_KEY_PATTERN, message: MODEL_KEY_MESSAGE }] }),
  region: enumRule('region', REGIONS),
  description: textRule('description', { max: 500 }),
  maxTokens: integerRule('maxTokens', 1, 1_000_000),
  temperature: numberRule('temperature', { min: 0, max: 2 }),
} as const;

export const PRICING_RULES = {
  inputPerMillionTokens: priceRule('inputPerMillionTokens', 'USD per million input tokens'),
  outputPerMillionTokens: priceRule('outputPerMillionTokens', 'USD per million output tokens'),
  perImage: priceRule('perImage', 'USD per image'),
} as const satisfies Record<keyof ModelPricing, NumberRule>;

/** A slug of the provider's model id, the default key: `meta-llama/Llama-3.1-8B` → `meta-llama-llama-3.1-8b`. */
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

const TOKEN_PRICES = ['inputPerMillionTokens', 'outputPerMillionTokens'] as const;

/** The cross-field rule of prices: token prices belong to token models, a per-image price to image models. */
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
