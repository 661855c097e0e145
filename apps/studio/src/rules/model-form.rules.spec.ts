import { MODEL_TYPES, type ModelView, REGIONS } from '@model-garden/contracts/browser';
import {
  EMPTY_FORM,
  FORM_FIELDS,
  MODEL_TYPE_OPTIONS,
  type ModelFormValues,
  REGION_OPTIONS,
  fieldError,
  formErrors,
  mapServerErrors,
  parseNumber,
  toCreateBody,
  toUpdateBody,
  valuesFromModel,
  visibleFields,
} from './model-form.rules';

const valid: ModelFormValues = {
  ...EMPTY_FORM,
  type: 'chat',
  baseUrl: 'https://api.groq.com/openai/v1',
  apiKey: 'gsk_abcdef123456',
  name: 'Custom Groq Llama 3.3',
  modelId: 'llama-3.3-70b-versatile',
  region: 'us',
};

const with_ = (patch: Partial<ModelFormValues>): ModelFormValues => ({ ...valid, ...patch });

describe('model form rules: the choices', () => {
  it('offers every model type and region of the contracts, each once', () => {
    expect(MODEL_TYPE_OPTIONS.map((o) => o.value).sort()).toEqual([...MODEL_TYPES].sort());
    expect(REGION_OPTIONS.map((o) => o.value).sort()).toEqual([...REGIONS].sort());
  });
});

describe('model form rules: a valid form', () => {
  it('has no errors and becomes the POST body with only the fields filled in', () => {
    expect(formErrors(valid)).toEqual({});
    expect(toCreateBody(valid)).toEqual({
      type: 'chat',
      baseUrl: 'https://api.groq.com/openai/v1',
      apiKey: 'gsk_abcdef123456',
      name: 'Custom Groq Llama 3.3',
      modelId: 'llama-3.3-70b-versatile',
      region: 'us',
    });
  });

  it('sends the optional fields as numbers and prices by type', () => {
    const body = toCreateBody(
      with_({
        key: 'llama',
        description: 'Fast',
        maxTokens: '4096',
        temperature: '0.7',
        'pricing.inputPerMillionTokens': '0.59',
        'pricing.outputPerMillionTokens': '0.79',
        'pricing.perImage': '0.04',
      }),
    );
    expect(body).toMatchObject({ key: 'llama', description: 'Fast', maxTokens: 4096, temperature: 0.7, pricing: { inputPerMillionTokens: 0.59, outputPerMillionTokens: 0.79 } });
    expect(body.pricing).not.toHaveProperty('perImage');
    const image = toCreateBody(with_({ type: 'image', 'pricing.inputPerMillionTokens': '1', 'pricing.perImage': '0.04' }));
    expect(image.pricing).toEqual({ perImage: 0.04 });
  });

  it('shows the per-image price only for image models', () => {
    expect(visibleFields('image')).toContain('pricing.perImage');
    expect(visibleFields('image')).not.toContain('pricing.inputPerMillionTokens');
    expect(visibleFields('chat')).toEqual(FORM_FIELDS.filter((f) => f !== 'pricing.perImage'));
  });
});

describe('model form rules: the API message, field by field (one per field: the most basic rule broken)', () => {
  const cases: [keyof ModelFormValues, string, string][] = [
    ['type', '', 'type must be one of: chat, completion, embedding, image'],
    ['region', 'asia', 'region must be one of: us, eu'],
    ['apiKey', '', 'apiKey must be 1 to 1024 characters'],
    ['apiKey', 'a b', 'apiKey must not contain spaces'],
    ['apiKey', 'x'.repeat(1025), 'apiKey must be 1 to 1024 characters'],
    ['name', '', 'name must be 1 to 100 characters'],
    ['name', '   ', 'name must not be blank'],
    ['name', 'x'.repeat(101), 'name must be 1 to 100 characters'],
    ['modelId', '', 'modelId must be 1 to 200 characters'],
    ['modelId', 'a b', 'modelId must not contain spaces'],
    ['modelId', 'x'.repeat(201), 'modelId must be 1 to 200 characters'],
    ['key', 'A', 'key must be a slug of 1 to 64 lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit'],
    ['key', '-a', 'key must be a slug of 1 to 64 lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit'],
    ['key', 'a'.repeat(65), 'key must be a slug of 1 to 64 lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit'],
    ['description', 'x'.repeat(501), 'description must be at most 500 characters'],
    ['maxTokens', '0', 'maxTokens must be at least 1'],
    ['maxTokens', '1.5', 'maxTokens must be an integer'],
    ['maxTokens', '0.5', 'maxTokens must be an integer'],
    ['maxTokens', '-3', 'maxTokens must be at least 1'],
    ['pricing.inputPerMillionTokens', '-0.000000001', 'inputPerMillionTokens must not be negative'],
    ['pricing.inputPerMillionTokens', '0.000000001', 'inputPerMillionTokens must be a number (USD per million input tokens)'],
    ['apiKey', ' '.repeat(1025), 'apiKey must be 1 to 1024 characters'],
    ['maxTokens', '2000000', 'maxTokens must be at most 1000000'],
    ['maxTokens', 'lots', 'maxTokens must be an integer'],
    ['temperature', '3', 'temperature must be between 0 and 2'],
    ['temperature', '-0.1', 'temperature must be between 0 and 2'],
    ['temperature', 'warm', 'temperature must be a number'],
    ['pricing.inputPerMillionTokens', '-1', 'inputPerMillionTokens must not be negative'],
    ['pricing.inputPerMillionTokens', '2000000', 'inputPerMillionTokens must not exceed 1000000'],
    ['pricing.outputPerMillionTokens', '1.123456789', 'outputPerMillionTokens must be a number (USD per million output tokens)'],
    ['pricing.outputPerMillionTokens', 'free', 'outputPerMillionTokens must be a number (USD per million output tokens)'],
  ];

  const shown = (v: string): string => (v.length > 24 ? `"${v.slice(0, 6)}…" (${v.length} characters)` : JSON.stringify(v));
  it.each(cases.map(([field, value, message]) => [field, shown(value), value, message] as const))('%s = %s → the API message', (field, _shown, value, message) => {
    expect(fieldError(field, with_({ [field]: value }))).toBe(message);
  });

  it('checks the per-image price of image models', () => {
    const image = with_({ type: 'image' });
    expect(fieldError('pricing.perImage', { ...image, 'pricing.perImage': '-0.5' })).toBe('perImage must not be negative');
    expect(fieldError('pricing.perImage', { ...image, 'pricing.perImage': 'x' })).toBe('perImage must be a number (USD per image)');
    expect(formErrors({ ...image, 'pricing.perImage': '2e6' })).toEqual({ 'pricing.perImage': 'perImage must not exceed 1000000' });
  });

  it('accepts the limits themselves', () => {
    const edge = with_({
      name: 'x'.repeat(100),
      modelId: 'm'.repeat(200),
      apiKey: 'k'.repeat(1024),
      key: 'a'.repeat(64),
      description: 'd'.repeat(500),
      maxTokens: '1000000',
      temperature: '2',
      'pricing.inputPerMillionTokens': '0',
      'pricing.outputPerMillionTokens': '0.12345678',
    });
    expect(formErrors(edge)).toEqual({});
    expect(fieldError('maxTokens', with_({ maxTokens: '1' }))).toBeNull();
    expect(fieldError('temperature', with_({ temperature: '0' }))).toBeNull();
  });

  it('leaves empty optional fields alone, and an empty key in edit mode means "keep it"', () => {
    for (const field of ['key', 'description', 'maxTokens', 'temperature', 'pricing.inputPerMillionTokens'] as const) expect(fieldError(field, valid)).toBeNull();
    expect(fieldError('apiKey', with_({ apiKey: '' }), 'edit')).toBeNull();
    expect(fieldError('apiKey', with_({ apiKey: 'has space' }), 'edit')).toBe('apiKey must not contain spaces');
  });
});

describe('model form rules: choices and optional text', () => {
  it('refuses a type or region the API does not know, and checks a key or description only when there is one', () => {
    expect(fieldError('type', with_({ type: 'audio' }))).toBe('type must be one of: chat, completion, embedding, image');
    expect(fieldError('region', with_({ region: '' }))).toBe('region must be one of: us, eu');
    expect([fieldError('key', with_({ key: '' })), fieldError('description', with_({ description: '' }))]).toEqual([null, null]);
    expect(fieldError('key', with_({ key: 'Llama' }))).toMatch(/^key must be a slug/);
  });
});

describe('model form rules: base URL', () => {
  it('gives the outbound guard\'s shape messages and leaves the address policy to the registry', () => {
    expect(fieldError('baseUrl', with_({ baseUrl: '' }))).toBe('The base URL is empty. Write the full address, for example https://api.example.com/v1.');
    expect(fieldError('baseUrl', with_({ baseUrl: 'ftp://files.example.com/v1' }))).toBe('The base URL uses the "ftp:" scheme. Model Garden only calls http:// and https:// endpoints.');
    expect(fieldError('baseUrl', with_({ baseUrl: 'https://api.example.com/v1#frag' }))).toMatch(/^The base URL has a fragment/);
    expect(fieldError('baseUrl', with_({ baseUrl: 'http://10.0.0.5:8000/v1' }))).toBeNull();
  });

  it('refuses more than 2048 characters first, as the registry does', () => {
    expect(fieldError('baseUrl', with_({ baseUrl: `https://example.com/${'a'.repeat(2048)}` }))).toBe('baseUrl must be at most 2048 characters.');
  });
});

describe('model form rules: numbers as typed', () => {
  it('parses plain, signed, decimal and exponent forms and nothing else', () => {
    expect(parseNumber('')).toBeUndefined();
    expect(parseNumber(' 42 ')).toBe(42);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('0x10')).toBeNaN();
    expect(parseNumber('1,5')).toBeNaN();
    expect(parseNumber('Infinity')).toBeNaN();
  });
});

const model: ModelView = {
  id: '0b6f1c5e-3a0e-4a47-9d53-6e1d2f1b9d10',
  ref: 'acme@openailike/llama',
  key: 'llama',
  owner: 'private',
  provider: 'openailike',
  name: 'Llama',
  description: null,
  type: 'chat',
  baseUrl: 'https://api.groq.com/openai/v1',
  modelId: 'llama-3.3-70b-versatile',
  region: 'us',
  maxTokens: 4096,
  temperature: null,
  pricing: { inputPerMillionTokens: 0.59, outputPerMillionTokens: 0.79 },
  apiKeyHint: 'gsk_…abcd',
  status: 'active',
  statusMessage: null,
  enabled: true,
  revision: 1,
  validation: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  progress: null,
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('model form rules: editing', () => {
  it('fills the form from a model with the key empty (kept)', () => {
    const values = valuesFromModel(model);
    expect(values).toMatchObject({ apiKey: '', maxTokens: '4096', temperature: '', 'pricing.inputPerMillionTokens': '0.59' });
    expect(formErrors(values, 'edit')).toEqual({});
  });

  it('sends nothing when nothing changed', () => {
    expect(toUpdateBody(valuesFromModel(model), model)).toEqual({});
  });

  it('sends only what changed, and null for a cleared optional field', () => {
    const values = { ...valuesFromModel(model), name: 'Llama 3.3', maxTokens: '', temperature: '0.2', description: 'Cheap' };
    expect(toUpdateBody(values, model)).toEqual({ name: 'Llama 3.3', maxTokens: null, temperature: 0.2, description: 'Cheap' });
  });

  it('sends a new key and new prices, and prices that no longer apply as a whole', () => {
    const values = { ...valuesFromModel(model), apiKey: 'gsk_new', 'pricing.outputPerMillionTokens': '1' };
    expect(toUpdateBody(values, model)).toEqual({ apiKey: 'gsk_new', pricing: { inputPerMillionTokens: 0.59, outputPerMillionTokens: 1 } });
    const toImage = { ...valuesFromModel(model), type: 'image', 'pricing.perImage': '0.04' };
    expect(toUpdateBody(toImage, model)).toEqual({ type: 'image', pricing: { perImage: 0.04 } });
  });
});

describe('model form rules: server errors land on their fields', () => {
  it('maps details by field path and keeps the rest for the summary', () => {
    const mapped = mapServerErrors([
      { field: 'baseUrl', message: 'The base URL points to 127.0.0.1, a loopback address.' },
      { field: 'pricing.perImage', message: 'pricing.perImage applies only to image models' },
      { field: 'body', message: 'The request body must be a JSON object.' },
      { field: 'colour', message: 'colour is not a known field; remove it.' },
    ]);
    expect(mapped.fields).toEqual({
      baseUrl: 'The base URL points to 127.0.0.1, a loopback address.',
      'pricing.perImage': 'pricing.perImage applies only to image models',
    });
    expect(mapped.other).toEqual(['The request body must be a JSON object.', 'colour: colour is not a known field; remove it.']);
  });
});
