import type { FieldError, ModelPricing, ModelType, ModelView, Region } from '@model-garden/contracts';

/**
 * The rules of the "Add model → OpenAI-like" form: the same checks and the same
 * messages as the registry's `POST /v1/models` and `PATCH /v1/models/{id}`, as plain
 * data, so a field is checked as it is typed and says exactly what the API would say.
 *
 * A copy of the registry's DTO rules (apps/registry/src/models/dtos): the studio
 * bundles no server code. Two tests keep the copy honest: `model-form.rules.spec.ts`
 * compares the vocabularies with `@model-garden/contracts`, and the e2e tier's
 * `rules-drift.e2e-spec.ts` compares every limit with the live registry's OpenAPI
 * document and every message with the live API's 400 answers.
 *
 * A field that breaks several constraints gets one message, as from the API: the
 * most basic rule it breaks (the type first, then size and range, then format; the
 * registry's `mostRelevant`), so each field's constraints below are in that order.
 */

export const MODEL_TYPE_OPTIONS: readonly { value: ModelType; label: string }[] = [
  { value: 'chat', label: 'Chat Completion' },
  { value: 'completion', label: 'Completion' },
  { value: 'embedding', label: 'Embedding' },
  { value: 'image', label: 'Image' },
];
export const MODEL_TYPE_VALUES: readonly ModelType[] = MODEL_TYPE_OPTIONS.map((o) => o.value);

export const REGION_OPTIONS: readonly { value: Region; label: string }[] = [
  { value: 'us', label: 'United States' },
  { value: 'eu', label: 'Europe' },
];
export const REGION_VALUES: readonly Region[] = REGION_OPTIONS.map((o) => o.value);

/** Limits of the API, one place. The e2e drift test reads them against `/docs-json`. */
export const LIMITS = {
  baseUrlMax: 2048,
  apiKeyMin: 1,
  apiKeyMax: 1024,
  nameMin: 1,
  nameMax: 100,
  modelIdMin: 1,
  modelIdMax: 200,
  keyMax: 64,
  descriptionMax: 500,
  maxTokensMin: 1,
  maxTokensMax: 1_000_000,
  temperatureMin: 0,
  temperatureMax: 2,
  priceMin: 0,
  priceMax: 1_000_000,
  priceMaxDecimalPlaces: 8,
} as const;

/** Model keys: lower-case slugs, unique in a workspace (the registry's MODEL_KEY_PATTERN). */
export const MODEL_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const NO_SPACES = /^\S+$/;
const HAS_TEXT = /\S/;

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

export const MESSAGES = {
  type: `type must be one of: ${MODEL_TYPE_VALUES.join(', ')}`,
  region: `region must be one of: ${REGION_VALUES.join(', ')}`,
  baseUrlTooLong: `baseUrl must be at most ${LIMITS.baseUrlMax} characters.`,
  apiKeySpaces: 'apiKey must not contain spaces',
  apiKeyLength: `apiKey must be ${LIMITS.apiKeyMin} to ${LIMITS.apiKeyMax} characters`,
  nameBlank: 'name must not be blank',
  nameLength: `name must be ${LIMITS.nameMin} to ${LIMITS.nameMax} characters`,
  modelIdSpaces: 'modelId must not contain spaces',
  modelIdLength: `modelId must be ${LIMITS.modelIdMin} to ${LIMITS.modelIdMax} characters`,
  key: `key must be a slug of 1 to ${LIMITS.keyMax} lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit`,
  description: `description must be at most ${LIMITS.descriptionMax} characters`,
  maxTokensMax: `maxTokens must be at most ${LIMITS.maxTokensMax}`,
  maxTokensMin: `maxTokens must be at least ${LIMITS.maxTokensMin}`,
  maxTokensInt: 'maxTokens must be an integer',
  temperatureRange: `temperature must be between ${LIMITS.temperatureMin} and ${LIMITS.temperatureMax}`,
  temperatureNumber: 'temperature must be a number',
  price: {
    'pricing.inputPerMillionTokens': {
      max: `inputPerMillionTokens must not exceed ${LIMITS.priceMax}`,
      min: 'inputPerMillionTokens must not be negative',
      number: 'inputPerMillionTokens must be a number (USD per million input tokens)',
    },
    'pricing.outputPerMillionTokens': {
      max: `outputPerMillionTokens must not exceed ${LIMITS.priceMax}`,
      min: 'outputPerMillionTokens must not be negative',
      number: 'outputPerMillionTokens must be a number (USD per million output tokens)',
    },
    'pricing.perImage': {
      max: `perImage must not exceed ${LIMITS.priceMax}`,
      min: 'perImage must not be negative',
      number: 'perImage must be a number (USD per image)',
    },
  } satisfies Record<PriceField, { max: string; min: string; number: string }>,
} as const;

/** The base URL messages of the registry's outbound guard (label "The base URL"), for the checks that need no DNS. */
export const BASE_URL_MESSAGES = {
  empty: 'The base URL is empty. Write the full address, for example https://api.example.com/v1.',
  invalid: 'The base URL is not a valid absolute URL. Write the full address with its scheme, for example https://api.example.com/v1.',
  scheme: (protocol: string): string => `The base URL uses the "${protocol.slice(0, 32)}" scheme. Model Garden only calls http:// and https:// endpoints.`,
  userinfo:
    'The base URL contains a user name or password before the host (the part before "@"). Remove it: Model Garden sends the API key in the Authorization header, never in the URL.',
  query:
    'The base URL has a query string (the part after "?"). Remove it: API paths such as /chat/completions are appended to the base URL, so a query would end up in the wrong place.',
  fragment: 'The base URL has a fragment (the part after "#"). Remove it: fragments are never sent to the server, so it is at best a copy-paste mistake.',
  noHost: 'The base URL has no host. Write the full address, for example https://api.example.com/v1.',
} as const;

/** A constraint: `fails` says whether the value breaks it. */
interface Constraint<T> {
  message: string;
  fails: (value: T) => boolean;
}

/** The message of the first constraint the value breaks, in the API's order of relevance. */
function check<T>(value: T, constraints: readonly Constraint<T>[]): string | null {
  return constraints.find((c) => c.fails(value))?.message ?? null;
}

const STRING_RULES: Record<'apiKey' | 'name' | 'modelId', readonly Constraint<string>[]> = {
  apiKey: [
    { message: MESSAGES.apiKeyLength, fails: (v) => v.length < LIMITS.apiKeyMin || v.length > LIMITS.apiKeyMax },
    { message: MESSAGES.apiKeySpaces, fails: (v) => !NO_SPACES.test(v) },
  ],
  name: [
    { message: MESSAGES.nameLength, fails: (v) => v.length < LIMITS.nameMin || v.length > LIMITS.nameMax },
    { message: MESSAGES.nameBlank, fails: (v) => !HAS_TEXT.test(v) },
  ],
  modelId: [
    { message: MESSAGES.modelIdLength, fails: (v) => v.length < LIMITS.modelIdMin || v.length > LIMITS.modelIdMax },
    { message: MESSAGES.modelIdSpaces, fails: (v) => !NO_SPACES.test(v) },
  ],
};

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a person typed: `undefined` when empty, `NaN` when it is not a number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Decimal places of a number as JSON would carry it (1e-9 has nine). */
export function decimalPlaces(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  const [mantissa = '', exponent = '0'] = value.toString().toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

const isNumber = (v: number): boolean => Number.isFinite(v);

function maxTokensError(value: number): string | null {
  if (!isNumber(value)) return MESSAGES.maxTokensInt;
  return check(value, [
    { message: MESSAGES.maxTokensInt, fails: (v) => !Number.isInteger(v) },
    { message: MESSAGES.maxTokensMin, fails: (v) => v < LIMITS.maxTokensMin },
    { message: MESSAGES.maxTokensMax, fails: (v) => v > LIMITS.maxTokensMax },
  ]);
}

function temperatureError(value: number): string | null {
  if (!isNumber(value)) return MESSAGES.temperatureNumber;
  return check(value, [{ message: MESSAGES.temperatureRange, fails: (v) => v < LIMITS.temperatureMin || v > LIMITS.temperatureMax }]);
}

function priceError(field: PriceField, value: number): string | null {
  const m = MESSAGES.price[field];
  if (!isNumber(value)) return m.number;
  return check(value, [
    { message: m.number, fails: (v) => decimalPlaces(v) > LIMITS.priceMaxDecimalPlaces },
    { message: m.min, fails: (v) => v < LIMITS.priceMin },
    { message: m.max, fails: (v) => v > LIMITS.priceMax },
  ]);
}

/**
 * The base URL checks that need no DNS and no server settings, with the guard's
 * messages. Whether an address is allowed (loopback, private, metadata) depends on
 * the server's allowlist: the registry answers that on the field.
 */
export function baseUrlError(raw: string): string | null {
  if (raw.length > LIMITS.baseUrlMax) return MESSAGES.baseUrlTooLong;
  const text = raw.trim();
  if (text === '') return BASE_URL_MESSAGES.empty;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return BASE_URL_MESSAGES.invalid;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return BASE_URL_MESSAGES.scheme(url.protocol);
  if (url.username !== '' || url.password !== '') return BASE_URL_MESSAGES.userinfo;
  const hashIndex = url.href.indexOf('#');
  const beforeHash = hashIndex === -1 ? url.href : url.href.slice(0, hashIndex);
  if (beforeHash.includes('?')) return BASE_URL_MESSAGES.query;
  if (hashIndex !== -1) return BASE_URL_MESSAGES.fragment;
  if (url.hostname === '') return BASE_URL_MESSAGES.noHost;
  return null;
}

/** Token prices belong to token models, a per-image price to image models (the registry's cross-field rule). */
export function pricingErrors(type: ModelType | undefined, pricing: ModelPricing | null | undefined): FieldError[] {
  if (!type || !pricing) return [];
  const errors: FieldError[] = [];
  if (type === 'image') {
    for (const field of ['inputPerMillionTokens', 'outputPerMillionTokens'] as const) {
      if (pricing[field] !== undefined && pricing[field] !== null) {
        errors.push({ field: `pricing.${field}`, message: `pricing.${field} does not apply to an image model; price it with pricing.perImage.` });
      }
    }
  } else if (pricing.perImage !== undefined && pricing.perImage !== null) {
    errors.push({ field: 'pricing.perImage', message: `pricing.perImage applies only to image models; price a ${type} model with inputPerMillionTokens and outputPerMillionTokens.` });
  }
  return errors;
}

export function isModelType(value: string): value is ModelType {
  return (MODEL_TYPE_VALUES as readonly string[]).includes(value);
}

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
    case 'type':
      return isModelType(value) ? null : MESSAGES.type;
    case 'region':
      return (REGION_VALUES as readonly string[]).includes(value) ? null : MESSAGES.region;
    case 'baseUrl':
      return baseUrlError(value);
    case 'apiKey':
      if (mode === 'edit' && value === '') return null;
      return check(value, STRING_RULES.apiKey);
    case 'name':
    case 'modelId':
      return check(value, STRING_RULES[field]);
    case 'key':
      return value === '' || MODEL_KEY_PATTERN.test(value) ? null : MESSAGES.key;
    case 'description':
      return value.length > LIMITS.descriptionMax ? MESSAGES.description : null;
    case 'maxTokens': {
      const n = parseNumber(value);
      return n === undefined ? null : maxTokensError(n);
    }
    case 'temperature': {
      const n = parseNumber(value);
      return n === undefined ? null : temperatureError(n);
    }
    case 'pricing.inputPerMillionTokens':
    case 'pricing.outputPerMillionTokens':
    case 'pricing.perImage': {
      const n = parseNumber(value);
      return n === undefined ? null : priceError(field, n);
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
    if (n !== undefined) pricing[field.slice('pricing.'.length) as keyof ModelPricing] = n;
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

/** The registry's default key: a slug of the provider's model id (`meta-llama/Llama-3.1-8B` → `meta-llama-llama-3.1-8b`). */
export function slugifyModelKey(modelId: string): string {
  const slug = modelId
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[-._]{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, LIMITS.keyMax)
    .replace(/[-._]+$/g, '');
  return slug || 'model';
}
