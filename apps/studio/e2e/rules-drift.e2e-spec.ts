import type { ErrorBody, FieldError } from '@model-garden/contracts';
import {
  EMPTY_FORM,
  FORM_FIELDS,
  type FormField,
  LIMITS,
  MODEL_KEY_PATTERN,
  MODEL_TYPE_VALUES,
  type ModelFormValues,
  REGION_VALUES,
  fieldError,
  pricingErrors,
} from '../src/rules/model-form.rules';
import { api, createWorkspace, stack } from './support/stack-api';

/**
 * The studio checks the add-model form with a copy of the registry's rules. This
 * keeps the copy honest against the live registry: every limit against its OpenAPI
 * document (`/docs-json`), every message against what `POST /v1/models` answers for
 * the same bad input.
 */

interface SchemaProperty {
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  $ref?: string;
  allOf?: { $ref: string }[];
}

interface Schema {
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

interface OpenApi {
  components: { schemas: Record<string, Schema> };
}

/** Form text for a JSON body, the way the studio would hold it. */
function formValues(body: Record<string, unknown>): ModelFormValues {
  const values: ModelFormValues = { ...EMPTY_FORM };
  const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
  for (const field of FORM_FIELDS) {
    const value = field.startsWith('pricing.') ? (body['pricing'] as Record<string, unknown> | undefined)?.[field.slice('pricing.'.length)] : body[field];
    values[field] = text(value);
  }
  return values;
}

/** What the studio would say about each field the body sends. */
function studioDetails(body: Record<string, unknown>): FieldError[] {
  const values = formValues(body);
  const sent = FORM_FIELDS.filter((f) => (f.startsWith('pricing.') ? (body['pricing'] as Record<string, unknown> | undefined)?.[f.slice(8)] !== undefined : body[f] !== undefined));
  return sent.flatMap((field: FormField) => {
    const message = fieldError(field, values);
    return message ? [{ field, message }] : [];
  });
}

const byField = (a: FieldError, b: FieldError): number => a.field.localeCompare(b.field);

describe('studio form rules = registry rules (live registry)', () => {
  let apiKey: string;
  let openApi: OpenApi;

  beforeAll(async () => {
    ({ apiKey } = await createWorkspace('studio-drift'));
    const response = await fetch(`${stack.registry()}/docs-json`);
    expect(response.status).toBe(200);
    openApi = (await response.json()) as OpenApi;
  });

  const schema = (name: string): Schema => {
    const found = openApi.components.schemas[name];
    if (!found) throw new Error(`the registry's OpenAPI document has no ${name} schema`);
    return found;
  };

  it('has the limits of the OpenAPI document', () => {
    const create = schema('CreateModelDto');
    const p = create.properties;
    expect([...(p['type']?.enum ?? [])].sort()).toEqual([...MODEL_TYPE_VALUES].sort());
    expect([...(p['region']?.enum ?? [])].sort()).toEqual([...REGION_VALUES].sort());
    expect(p['baseUrl']?.maxLength).toBe(LIMITS.baseUrlMax);
    expect(p['apiKey']?.maxLength).toBe(LIMITS.apiKeyMax);
    expect([p['name']?.minLength, p['name']?.maxLength]).toEqual([LIMITS.nameMin, LIMITS.nameMax]);
    expect(p['modelId']?.maxLength).toBe(LIMITS.modelIdMax);
    expect(p['key']?.maxLength).toBe(LIMITS.keyMax);
    expect(p['key']?.pattern).toBe(MODEL_KEY_PATTERN.source);
    expect(p['description']?.maxLength).toBe(LIMITS.descriptionMax);
    expect([p['maxTokens']?.minimum, p['maxTokens']?.maximum]).toEqual([LIMITS.maxTokensMin, LIMITS.maxTokensMax]);
    expect([p['temperature']?.minimum, p['temperature']?.maximum]).toEqual([LIMITS.temperatureMin, LIMITS.temperatureMax]);
    expect([...(create.required ?? [])].sort()).toEqual(['apiKey', 'baseUrl', 'modelId', 'name', 'region', 'type']);
    const pricing = schema('PricingDto').properties;
    for (const field of ['inputPerMillionTokens', 'outputPerMillionTokens', 'perImage']) {
      expect([field, pricing[field]?.minimum, pricing[field]?.maximum]).toEqual([field, LIMITS.priceMin, LIMITS.priceMax]);
    }
  });

  const badBodies: Record<string, unknown>[] = [
    {
      type: 'chat',
      baseUrl: 'ftp://files.example.com/v1',
      apiKey: '',
      name: '',
      modelId: 'a b',
      key: '-a',
      region: 'asia',
      description: 'x'.repeat(501),
      maxTokens: 0.5,
      temperature: 3,
      pricing: { inputPerMillionTokens: -1, outputPerMillionTokens: 1.123456789 },
    },
    {
      type: 'nope',
      baseUrl: 'https://user:secret@api.example.com/v1',
      apiKey: 'a b',
      name: '   ',
      modelId: 'm'.repeat(201),
      key: 'A',
      region: 'us',
      maxTokens: 2_000_000,
      temperature: -1,
      pricing: { inputPerMillionTokens: 2_000_000 },
    },
    { type: 'image', baseUrl: 'https://api.example.com/v1?x=1', apiKey: 'k'.repeat(1025), name: 'n'.repeat(101), modelId: '', region: 'eu', maxTokens: 0, pricing: { perImage: -1 } },
    { type: 'chat', baseUrl: 'https://api.example.com/v1#part', apiKey: 'k', name: 'n', modelId: 'm', region: 'eu', maxTokens: 1.5, key: 'k'.repeat(65) },
    { type: 'chat', baseUrl: 'not a url', apiKey: 'k', name: 'n', modelId: 'm', region: 'eu' },
    { type: 'chat', baseUrl: '', apiKey: 'k', name: 'n', modelId: 'm', region: 'eu' },
    { type: 'embedding', baseUrl: 'https://api.example.com/v1', apiKey: ' '.repeat(1025), name: 'x'.repeat(101), modelId: 'a b', region: 'us', maxTokens: -3, temperature: 2.5 },
    { type: 'chat', baseUrl: `https://example.com/${'a'.repeat(2048)}`, apiKey: 'k', name: 'n', modelId: 'm', region: 'eu' },
  ];

  it.each(badBodies.map((body, i) => [i + 1, body] as const))('bad body %i: the API names the same fields with the same messages', async (_n, body) => {
    const answer = await api<ErrorBody>('POST', '/v1/models', apiKey, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect([...(answer.body.error.details ?? [])].sort(byField)).toEqual(studioDetails(body).sort(byField));
  });

  it('refuses prices of the other kind with the same cross-field messages', async () => {
    for (const [type, pricing] of [
      ['chat', { perImage: 0.04 }],
      ['image', { inputPerMillionTokens: 1, outputPerMillionTokens: 2 }],
    ] as const) {
      const body = { type, baseUrl: 'https://api.example.com/v1', apiKey: 'k', name: 'n', modelId: 'm', region: 'us', pricing };
      const answer = await api<ErrorBody>('POST', '/v1/models', apiKey, body);
      expect(answer.status).toBe(400);
      expect([...(answer.body.error.details ?? [])].sort(byField)).toEqual(pricingErrors(type, pricing).sort(byField));
    }
  });
});
