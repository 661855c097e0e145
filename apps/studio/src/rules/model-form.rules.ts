import {
  checkRule,
  type FieldError,
  MODEL_RULES,
  MODEL_TYPES,
  type ModelPricing,
  type ModelType,
  type ModelView,
  PRICING_RULES,
  type Region,
} from '@model-garden/contracts/browser';

/**
 * The "Add model → OpenAI-like" form: its fields as text, the checks as the person
 * types, and the request bodies it sends. The checks are the registry's own field
 * rules (`MODEL_RULES` and `PRICING_RULES` of `@model-garden/contracts/browser`, the
 * ones its DTOs validate with), so a field says exactly what the API would say.
 * Whether a base URL's host may be called (loopback, private, metadata) depends on
 * the server's allowlist: the registry answers that on the field.
 */

export const MODEL_TYPE_OPTIONS: readonly { value: ModelType; label: string }[] = [
  { value: 'chat', label: 'Chat Completion' },
  { value: 'completion', label: 'Completion' },
  { value: 'embedding', label: 'Embedding' },
  { value: 'image', label: 'Image' },
];

export const REGION_OPTIONS: readonly { value: Region; label: string }[] = [
  { value: 'us', label: 'United States' },
  { value: 'eu', label: 'Europe' },
];

/** Every field of the form, named by its path in the API body (and in `error.details[].field`). */
export const FORM_FIELDS = [
  'type',
  'baseUrl',
  'apiKey',
  'name',
  'modelId',
  'key',
  'region',
  'description',
  'maxTokens',
  'temperature',
  'pricing.inputPerMillionTokens',
  'pricing.outputPerMillionTokens',
  'pricing.perImage',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type PriceField = Extract<FormField, `pricing.${string}`>;

/** What the person typed: every field as text, the way inputs hold it. */
export type ModelFormValues = Record<FormField, string>;
export type FormErrors = Partial<Record<FormField, string>>;
export type FormMode = 'create' | 'edit';

export const EMPTY_FORM: ModelFormValues = {
  type: 'chat',
  baseUrl: '',
  apiKey: '',
  name: '',
  modelId: '',
  key: '',
  region: 'us',
  description: '',
  maxTokens: '',
  temperature: '',
  'pricing.inputPerMillionTokens': '',
  'pricing.outputPerMillionTokens': '',
  'pricing.perImage': '',
};

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a person typed: `undefined` when empty, `NaN` when it is not a number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export function isModelType(value: string): value is ModelType {
  return (MODEL_TYPES as readonly string[]).includes(value);
}

const priceKey = (field: PriceField): keyof ModelPricing => field.slice('pricing.'.length) as keyof ModelPricing;

/** The price fields the form shows for a model type. */
export function priceFieldsFor(type: string): PriceField[] {
  return type === 'image' ? ['pricing.perImage'] : ['pricing.inputPerMillionTokens', 'pricing.outputPerMillionTokens'];
}

/** The fields the form shows (and checks) for a type: every field but the prices of the other kind. */
export function visibleFields(type: string): FormField[] {
  const prices = priceFieldsFor(type);
  return FORM_FIELDS.filter((f) => !f.startsWith('pricing.') || prices.includes(f as PriceField));
}

/**
 * The message for one field, or null when it is fine. Empty optional fields are fine;
 * in edit mode an empty API key means "keep the current one".
 */
export function fieldError(field: FormField, values: ModelFormValues, mode: FormMode = 'create'): string | null {
  const value = values[field];
  switch (field) {
    case 'apiKey':
      return mode === 'edit' && value === '' ? null : checkRule(MODEL_RULES.apiKey, value);
    case 'type':
    case 'region':
    case 'baseUrl':
    case 'name':
    case 'modelId':
      return checkRule(MODEL_RULES[field], value);
    case 'key':
    case 'description':
      return value === '' ? null : checkRule(MODEL_RULES[field], value);
    case 'maxTokens':
    case 'temperature': {
      const n = parseNumber(value);
      return n === undefined ? null : checkRule(MODEL_RULES[field], n);
    }
    case 'pricing.inputPerMillionTokens':
    case 'pricing.outputPerMillionTokens':
    case 'pricing.perImage': {
      const n = parseNumber(value);
      return n === undefined ? null : checkRule(PRICING_RULES[priceKey(field)], n);
    }
  }
}

/** Every message of the fields shown for the current type. */
export function formErrors(values: ModelFormValues, mode: FormMode = 'create'): FormErrors {
  const errors: FormErrors = {};
  for (const field of visibleFields(values.type)) {
    const message = fieldError(field, values, mode);
    if (message) errors[field] = message;
  }
  return errors;
}

export interface CreateModelBody {
  type: ModelType;
  baseUrl: string;
  apiKey: string;
  name: string;
  modelId: string;
  key?: string;
  region: Region;
  description?: string;
  maxTokens?: number;
  temperature?: number;
  pricing?: ModelPricing;
}

export type UpdateModelBody = Partial<Omit<CreateModelBody, 'description' | 'maxTokens' | 'temperature' | 'pricing'>> & {
  description?: string | null;
  maxTokens?: number | null;
  temperature?: number | null;
  pricing?: ModelPricing | null;
};

function pricingOf(values: ModelFormValues): ModelPricing | undefined {
  const pricing: ModelPricing = {};
  for (const field of priceFieldsFor(values.type)) {
    const n = parseNumber(values[field]);
    if (n !== undefined) pricing[priceKey(field)] = n;
  }
  return Object.keys(pricing).length > 0 ? pricing : undefined;
}

/** The `POST /v1/models` body: optional fields left empty are not sent. Call only when `formErrors` is empty. */
export function toCreateBody(values: ModelFormValues): CreateModelBody {
  const body: CreateModelBody = {
    type: values.type as ModelType,
    baseUrl: values.baseUrl.trim(),
    apiKey: values.apiKey,
    name: values.name,
    modelId: values.modelId,
    region: values.region as Region,
  };
  if (values.key !== '') body.key = values.key;
  if (values.description.trim() !== '') body.description = values.description;
  const maxTokens = parseNumber(values.maxTokens);
  if (maxTokens !== undefined) body.maxTokens = maxTokens;
  const temperature = parseNumber(values.temperature);
  if (temperature !== undefined) body.temperature = temperature;
  const pricing = pricingOf(values);
  if (pricing) body.pricing = pricing;
  return body;
}

/** The form, filled from a model (edit mode: the API key stays empty, meaning "keep it"). */
export function valuesFromModel(model: ModelView): ModelFormValues {
  const price = (v: number | undefined | null): string => (v === undefined || v === null ? '' : String(v));
  return {
    type: model.type,
    baseUrl: model.baseUrl,
    apiKey: '',
    name: model.name,
    modelId: model.modelId,
    key: model.key,
    region: model.region,
    description: model.description ?? '',
    maxTokens: model.maxTokens === null ? '' : String(model.maxTokens),
    temperature: model.temperature === null ? '' : String(model.temperature),
    'pricing.inputPerMillionTokens': price(model.pricing?.inputPerMillionTokens),
    'pricing.outputPerMillionTokens': price(model.pricing?.outputPerMillionTokens),
    'pricing.perImage': price(model.pricing?.perImage),
  };
}

const PRICE_KEYS = ['inputPerMillionTokens', 'outputPerMillionTokens', 'perImage'] as const;
const samePricing = (a: ModelPricing | null | undefined, b: ModelPricing | null | undefined): boolean =>
  PRICE_KEYS.every((k) => (a?.[k] ?? null) === (b?.[k] ?? null));

/**
 * The `PATCH /v1/models/{id}` body: only what changed, so a name or price edit does
 * not re-validate. Emptied optional fields are sent as null (cleared).
 */
export function toUpdateBody(values: ModelFormValues, model: ModelView): UpdateModelBody {
  const body: UpdateModelBody = {};
  const next = toCreateBody({ ...values, apiKey: values.apiKey || 'unchanged' });
  if (next.type !== model.type) body.type = next.type;
  if (next.baseUrl !== model.baseUrl) body.baseUrl = next.baseUrl;
  if (values.apiKey !== '') body.apiKey = values.apiKey;
  if (next.name !== model.name) body.name = next.name;
  if (next.modelId !== model.modelId) body.modelId = next.modelId;
  if (values.key !== '' && values.key !== model.key) body.key = values.key;
  if (next.region !== model.region) body.region = next.region;
  const description = next.description ?? null;
  if (description !== (model.description ?? null)) body.description = description;
  const maxTokens = next.maxTokens ?? null;
  if (maxTokens !== model.maxTokens) body.maxTokens = maxTokens;
  const temperature = next.temperature ?? null;
  if (temperature !== model.temperature) body.temperature = temperature;
  const pricing = next.pricing ?? null;
  if (!samePricing(pricing, model.pricing)) body.pricing = pricing;
  return body;
}

/** The fields a PATCH would change that make the registry validate the model again. */
export const REVALIDATING_FIELDS = ['type', 'baseUrl', 'apiKey', 'modelId'] as const;

export interface MappedServerErrors {
  fields: FormErrors;
  /** Details that name no field of the form (`body`, an unknown field). */
  other: string[];
}

/** Puts the API's `error.details` on the form's fields. */
export function mapServerErrors(details: readonly FieldError[] | undefined): MappedServerErrors {
  const fields: FormErrors = {};
  const other: string[] = [];
  for (const detail of details ?? []) {
    if ((FORM_FIELDS as readonly string[]).includes(detail.field)) {
      const field = detail.field as FormField;
      fields[field] = fields[field] ? `${fields[field]}; ${detail.message}` : detail.message;
    } else if (detail.field === 'pricing') {
      other.push(detail.message);
    } else {
      other.push(detail.field === 'body' ? detail.message : `${detail.field}: ${detail.message}`);
    }
  }
  return { fields, other };
}
