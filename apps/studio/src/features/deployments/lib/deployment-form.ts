import {
  CONTEXT_FIELD_PATTERN,
  DEPLOYMENT_LIMITS,
  DEPLOYMENT_RULES,
  type DeploymentRouting,
  type DeploymentVersionView,
  type FunctionTool,
  type RoutingCondition,
  type RoutingOperator,
  type RoutingRule,
  type TemplateContentPart,
  type TemplateMessage,
  type TemplateMessageRole,
  VARIANT_KEY_PATTERN,
  type VariantInput,
  VARIANT_NUMBER_PARAMETERS,
  type VariantParameters,
  checkCacheSetting,
  checkRule,
  RESPONSE_CACHE,
  type ResponseCacheSetting,
} from '@model-garden/contracts/browser';
import { type SplitDraft, checkSplit } from './routing';
import { type DeclaredVariable, readTemplate, reconcileVariables, variablesOf } from './template-variables';

/**
 * The deployment editor's state (text as typed) and its conversion to and from the
 * registry's body. Its bounds, patterns and rules are the contracts' (`DEPLOYMENT_RULES`,
 * `DEPLOYMENT_LIMITS`, `VARIANT_NUMBER_PARAMETERS`); the registry checks everything
 * again at publish (models, capabilities) and its 422 names the field path.
 */

const PARAMETER_LABELS: Record<(typeof VARIANT_NUMBER_PARAMETERS)[number]['name'], string> = {
  temperature: 'Temperature',
  maxTokens: 'Max tokens',
  topP: 'Top P',
  frequencyPenalty: 'Frequency penalty',
  presencePenalty: 'Presence penalty',
  seed: 'Seed',
};

/** The numeric parameters of the variant editor: the registry's bounds (`VARIANT_NUMBER_PARAMETERS`) with a label. */
export const PARAMETER_FIELDS = VARIANT_NUMBER_PARAMETERS.map((p) => ({ ...p, label: PARAMETER_LABELS[p.name] }));

export type NumericParameter = (typeof VARIANT_NUMBER_PARAMETERS)[number]['name'];
export type ResponseFormatChoice = 'text' | 'json_object' | 'json_schema';

/** A message as edited: text, or (rarely, e.g. with images) its content parts as JSON. */
export interface MessageDraft {
  role: TemplateMessageRole;
  content: string;
  /** JSON of the content parts when the message has parts instead of one string; null otherwise. */
  parts: string | null;
}

export interface VariantDraft {
  key: string;
  model: string;
  messages: MessageDraft[];
  variables: DeclaredVariable[];
  numbers: Record<NumericParameter, string>;
  /** One stop sequence per line. */
  stop: string;
  responseFormat: ResponseFormatChoice;
  /** JSON text: `{ "name": …, "schema": {…} }`. */
  jsonSchema: string;
  /** JSON text: an array of OpenAI tool definitions. */
  tools: string;
  retryCount: string;
  /** Comma-separated HTTP status codes. */
  retryOnCodes: string;
  fallbacks: string[];
  timeoutMs: string;
}

export interface CellDraft {
  op: RoutingOperator;
  value: string;
}

export interface RuleDraft {
  /** A condition per context field of the table; absent cells do not constrain the rule. */
  cells: Record<string, CellDraft | undefined>;
  mode: 'variant' | 'split';
  variant: string;
  split: SplitDraft[];
  stickyBy: string;
}

export interface DeploymentDraft {
  key: string;
  description: string;
  variants: VariantDraft[];
  /** The columns of the routing table. */
  contextFields: string[];
  rules: RuleDraft[];
  defaultVariant: string;
  /** The exact-match response cache of the version's calls. */
  cacheOn: boolean;
  /** Seconds, as typed. */
  cacheTtl: string;
}

export interface FieldProblem {
  /** The registry's path style: `variants[1].messages[0].content`. */
  path: string;
  message: string;
}


const emptyNumbers = (): Record<NumericParameter, string> => ({ temperature: '', maxTokens: '', topP: '', frequencyPenalty: '', presencePenalty: '', seed: '' });

export function newVariant(key: string, model = ''): VariantDraft {
  return {
    key,
    model,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.', parts: null },
      { role: 'user', content: '{{question}}', parts: null },
    ],
    variables: [{ name: 'question', required: true }],
    numbers: emptyNumbers(),
    stop: '',
    responseFormat: 'text',
    jsonSchema: '',
    tools: '',
    retryCount: '',
    retryOnCodes: '',
    fallbacks: [],
    timeoutMs: '',
  };
}

export function newDeploymentDraft(): DeploymentDraft {
  return { key: '', description: '', variants: [newVariant('default')], contextFields: [], rules: [], defaultVariant: 'default', cacheOn: false, cacheTtl: String(RESPONSE_CACHE.defaultTtlSeconds) };
}

const json = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value, null, 2));

export function draftFromVersion(key: string, description: string | null, version: Pick<DeploymentVersionView, 'variants' | 'routing' | 'cache'>): DeploymentDraft {
  const variants = version.variants.map<VariantDraft>((v) => {
    const p = v.parameters ?? {};
    const numbers = emptyNumbers();
    for (const field of PARAMETER_FIELDS) {
      const value = p[field.name];
      if (typeof value === 'number') numbers[field.name] = String(value);
    }
    const format = p.responseFormat;
    return {
      key: v.key,
      model: v.model.ref,
      messages: v.messages.map((m) => (typeof m.content === 'string' ? { role: m.role, content: m.content, parts: null } : { role: m.role, content: '', parts: json(m.content) })),
      variables: (v.variables ?? []).map((d) => ({ name: d.name, required: d.required, defaultValue: d.default ?? undefined })),
      numbers,
      stop: (typeof p.stop === 'string' ? [p.stop] : (p.stop ?? [])).join('\n'),
      responseFormat: format?.type ?? 'text',
      jsonSchema: format?.type === 'json_schema' ? json(format.jsonSchema) : '',
      tools: p.tools && p.tools.length > 0 ? json(p.tools) : '',
      retryCount: v.retry ? String(v.retry.count) : '',
      retryOnCodes: v.retry?.onCodes ? v.retry.onCodes.join(', ') : '',
      fallbacks: (v.fallbacks ?? []).map((f) => f.model.ref),
      timeoutMs: v.timeout ? String(v.timeout.callTimeoutMs) : '',
    };
  });
  const contextFields: string[] = [];
  const rules = version.routing.rules.map<RuleDraft>((rule) => {
    const cells: Record<string, CellDraft> = {};
    for (const c of rule.conditions) {
      if (!contextFields.includes(c.field)) contextFields.push(c.field);
      cells[c.field] = { op: c.operator, value: Array.isArray(c.value) ? c.value.join(', ') : String(c.value) };
    }
    return rule.split
      ? { cells, mode: 'split', variant: '', split: rule.split.map((s) => ({ variant: s.variant, percent: String(s.percent) })), stickyBy: rule.stickyBy ?? '' }
      : { cells, mode: 'variant', variant: rule.variant ?? '', split: [], stickyBy: '' };
  });
  const cache = version.cache ?? null;
  return {
    key,
    description: description ?? '',
    variants,
    contextFields,
    rules,
    defaultVariant: version.routing.defaultVariant,
    cacheOn: cache !== null,
    cacheTtl: String(cache?.ttl ?? RESPONSE_CACHE.defaultTtlSeconds),
  };
}

function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/** A value typed in a cell: a number when it reads as one, true/false, else the text. */
function scalar(text: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

/**
 * A condition value as typed: numbers for numeric comparisons, lists for in / not in,
 * true/false for exists, and for = / ≠ a number or boolean when the text reads as one
 * (context values arrive as JSON: `"plan": "pro"`, `"tier": 2`).
 */
function conditionValue(cell: CellDraft): RoutingCondition['value'] {
  const text = cell.value.trim();
  switch (cell.op) {
    case 'exists':
      return text !== 'false';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return Number(text);
    case 'in':
    case 'nin':
      return text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map(scalar);
    default:
      return scalar(text);
  }
}

function messageSpec(m: MessageDraft, at: string, problems: FieldProblem[]): TemplateMessage {
  if (m.parts === null) {
    if (m.content.trim() === '') problems.push({ path: `${at}.content`, message: 'Write the message, or remove it.' });
    const error = readTemplate(m.content).error;
    if (error) problems.push({ path: `${at}.content`, message: `The template cannot be used: ${error}` });
    return { role: m.role, content: m.content };
  }
  const parsed = parseJson(m.parts);
  if (!parsed.ok || !Array.isArray(parsed.value)) {
    problems.push({ path: `${at}.content`, message: 'Give the content parts as a JSON array ([{"type":"text","text":"…"}, {"type":"image_url","imageUrl":{"url":"…"}}]).' });
    return { role: m.role, content: [] };
  }
  return { role: m.role, content: parsed.value as TemplateContentPart[] };
}

/** The template strings of a message (its text, or its parts' texts and image URLs). */
export function messageTexts(m: MessageDraft): string[] {
  if (m.parts === null) return [m.content];
  const parsed = parseJson(m.parts);
  if (!parsed.ok || !Array.isArray(parsed.value)) return [];
  return (parsed.value as TemplateContentPart[]).map((part) => (part?.type === 'text' ? part.text : part?.type === 'image_url' ? (part.imageUrl?.url ?? '') : '')).filter((t) => typeof t === 'string');
}

function variantSpec(v: VariantDraft, at: string, problems: FieldProblem[]): VariantInput {
  if (!VARIANT_KEY_PATTERN.test(v.key)) problems.push({ path: `${at}.key`, message: 'Use letters, digits, ".", "_" or "-" (up to 64), starting and ending with a letter or digit.' });
  if (!v.model) problems.push({ path: `${at}.model`, message: 'Choose the model this variant calls.' });
  if (v.messages.length === 0) problems.push({ path: `${at}.messages`, message: 'Add at least one message.' });
  const messages = v.messages.map((m, i) => messageSpec(m, `${at}.messages[${i}]`, problems));
  const used = variablesOf(v.messages.flatMap(messageTexts));
  reconcileVariables(v.variables, used).forEach((row) => {
    if (row.state === 'undeclared') problems.push({ path: `${at}.variables`, message: `{{${row.name}}} is used but not declared: add it to the variables.` });
    if (row.state === 'unused') problems.push({ path: `${at}.variables`, message: `"${row.name}" is declared but no message uses it: use {{${row.name}}} or remove it.` });
  });

  const parameters: VariantParameters = {};
  for (const field of PARAMETER_FIELDS) {
    const text = v.numbers[field.name];
    if (text.trim() === '') continue;
    const value = parseNumber(text);
    if (value === null || value < field.min || value > field.max || (field.integer && !Number.isInteger(value))) {
      problems.push({ path: `${at}.parameters.${field.name}`, message: `${field.label} must be ${field.integer ? 'a whole number' : 'a number'} from ${field.min} to ${field.max}.` });
    } else parameters[field.name] = value;
  }
  const stop = v.stop.split('\n').filter((s) => s !== '');
  if (stop.length > 4) problems.push({ path: `${at}.parameters.stop`, message: 'At most 4 stop sequences.' });
  else if (stop.length > 0) parameters.stop = stop;
  if (v.responseFormat === 'json_object') parameters.responseFormat = { type: 'json_object' };
  if (v.responseFormat === 'json_schema') {
    const schema = parseJson(v.jsonSchema);
    if (!schema.ok || typeof schema.value !== 'object' || schema.value === null || Array.isArray(schema.value) || typeof (schema.value as { name?: unknown }).name !== 'string' || typeof (schema.value as { schema?: unknown }).schema !== 'object') {
      problems.push({ path: `${at}.parameters.responseFormat.jsonSchema`, message: 'Give a JSON object with "name" (text) and "schema" (a JSON Schema object).' });
    } else parameters.responseFormat = { type: 'json_schema', jsonSchema: schema.value as { name: string; schema: Record<string, unknown> } };
  }
  if (v.tools.trim() !== '') {
    const tools = parseJson(v.tools);
    if (!tools.ok || !Array.isArray(tools.value)) problems.push({ path: `${at}.parameters.tools`, message: 'Give a JSON array of tool definitions ({"type":"function","function":{"name":…}}).' });
    else parameters.tools = tools.value as FunctionTool[];
  }

  const variant: VariantInput = {
    key: v.key,
    model: v.model,
    messages,
    variables: v.variables.map((d) => (d.required ? { name: d.name, required: true } : { name: d.name, required: false, default: d.defaultValue ?? '' })),
    parameters,
    fallbacks: v.fallbacks.filter(Boolean).map((model) => ({ model })),
  };
  v.fallbacks.forEach((f, i) => {
    if (!f) problems.push({ path: `${at}.fallbacks[${i}].model`, message: 'Choose the fallback model, or remove the fallback.' });
    else if (f === v.model) problems.push({ path: `${at}.fallbacks[${i}].model`, message: 'A fallback must be another model than the variant\'s own.' });
  });
  if (v.retryCount.trim() !== '') {
    const count = parseNumber(v.retryCount);
    const codes = v.retryOnCodes.split(',').map((c) => c.trim()).filter(Boolean);
    if (count === null || !Number.isInteger(count) || count < 0 || count > DEPLOYMENT_LIMITS.retryCount) problems.push({ path: `${at}.retry.count`, message: `Retries must be a whole number from 0 to ${DEPLOYMENT_LIMITS.retryCount}.` });
    else if (codes.some((c) => !/^[45]\d\d$/.test(c))) problems.push({ path: `${at}.retry.onCodes`, message: 'Give HTTP status codes from 400 to 599, separated by commas (e.g. 429, 503).' });
    else variant.retry = { count, onCodes: codes.map(Number) };
  }
  if (v.timeoutMs.trim() !== '') {
    const timeout = parseNumber(v.timeoutMs);
    if (timeout === null || !Number.isInteger(timeout) || timeout < 1 || timeout > DEPLOYMENT_LIMITS.callTimeoutMs) problems.push({ path: `${at}.timeout.callTimeoutMs`, message: `The timeout must be a whole number of milliseconds from 1 to ${DEPLOYMENT_LIMITS.callTimeoutMs}.` });
    else variant.timeout = { callTimeoutMs: timeout };
  }
  return variant;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function routingSpec(draft: DeploymentDraft, problems: FieldProblem[]): DeploymentRouting {
  const keys = draft.variants.map((v) => v.key);
  draft.contextFields.forEach((field, i) => {
    if (!CONTEXT_FIELD_PATTERN.test(field)) problems.push({ path: `routing.contextFields[${i}]`, message: `"${field}" is not a context field name (letters, digits, _ and -, dots for nesting).` });
  });
  const rules = draft.rules.map<RoutingRule>((rule, r) => {
    const at = `routing.rules[${r}]`;
    const conditions: RoutingCondition[] = [];
    for (const field of draft.contextFields) {
      const cell = rule.cells[field];
      if (!cell) continue;
      const text = cell.value.trim();
      if (cell.op === 'exists' && text !== '' && text !== 'true' && text !== 'false') problems.push({ path: `${at}.conditions.${field}`, message: `"exists" takes true (present) or false (absent).` });
      else if (cell.op !== 'exists' && text === '') problems.push({ path: `${at}.conditions.${field}`, message: `Give a value for ${field}, or clear the condition.` });
      else if (['gt', 'gte', 'lt', 'lte'].includes(cell.op) && parseNumber(text) === null) problems.push({ path: `${at}.conditions.${field}`, message: `${field} is compared as a number: give a number.` });
      conditions.push({ field, operator: cell.op, value: conditionValue(cell) });
    }
    if (conditions.length === 0 && rule.mode === 'variant') problems.push({ path: `${at}.conditions`, message: `Rule ${r + 1} has no condition: set at least one context field, or remove it (the default variant catches the rest).` });
    const out: RoutingRule = { conditions };
    if (rule.mode === 'split' && rule.stickyBy.trim() !== '') {
      if (!CONTEXT_FIELD_PATTERN.test(rule.stickyBy.trim())) problems.push({ path: `${at}.stickyBy`, message: `Rule ${r + 1}: sticky on must name a context field (e.g. user.id), or be empty to use identity.id.` });
      out.stickyBy = rule.stickyBy.trim();
    }
    if (rule.mode === 'variant') {
      if (!keys.includes(rule.variant)) problems.push({ path: `${at}.variant`, message: `Rule ${r + 1}: choose the variant it sends calls to.` });
      out.variant = rule.variant;
    } else {
      checkSplit(rule.split, keys).errors.forEach((message) => problems.push({ path: `${at}.split`, message: `Rule ${r + 1}: ${message}` }));
      out.split = rule.split.map((s) => ({ variant: s.variant, percent: Number(s.percent) }));
    }
    return out;
  });
  if (!keys.includes(draft.defaultVariant)) problems.push({ path: 'routing.defaultVariant', message: 'Choose the default variant (it serves every call no rule takes).' });
  return { rules, defaultVariant: draft.defaultVariant };
}

export interface DeploymentBody {
  description: string | null;
  variants: VariantInput[];
  routing: DeploymentRouting;
  cache: ResponseCacheSetting | null;
}

/** The cache setting to publish (the API's rule), or null when off. */
function cacheSpec(draft: DeploymentDraft, problems: FieldProblem[]): ResponseCacheSetting | null {
  if (!draft.cacheOn) return null;
  const typed = draft.cacheTtl.trim();
  const checked = checkCacheSetting({ type: RESPONSE_CACHE.type, ...(typed === '' ? {} : { ttl: Number(typed) }) });
  if ('field' in checked) {
    problems.push({ path: checked.field, message: checked.message });
    return null;
  }
  return checked.setting;
}

/** The body to publish, or the problems that stop it (each with its field path). */
export function draftToBody(draft: DeploymentDraft): { body: DeploymentBody; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (draft.variants.length === 0) problems.push({ path: 'variants', message: 'Add at least one variant.' });
  const seen = new Set<string>();
  draft.variants.forEach((v, i) => {
    if (seen.has(v.key)) problems.push({ path: `variants[${i}].key`, message: `Another variant is already called "${v.key}".` });
    seen.add(v.key);
  });
  const variants = draft.variants.map((v, i) => variantSpec(v, `variants[${i}]`, problems));
  const routing = routingSpec(draft, problems);
  const cache = cacheSpec(draft, problems);
  const descriptionProblem = checkRule(DEPLOYMENT_RULES.description, draft.description);
  if (descriptionProblem !== null) problems.push({ path: 'description', message: descriptionProblem });
  return { body: { description: draft.description.trim() === '' ? null : draft.description.trim(), variants, routing, cache }, problems };
}

export function keyProblem(key: string): string | null {
  if (key === '') return 'Give the deployment a key: applications call it by this name.';
  return checkRule(DEPLOYMENT_RULES.key, key);
}
