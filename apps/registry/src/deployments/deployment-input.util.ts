import {
  checkCacheSetting,
  type ResponseCacheSetting,
  VARIANT_NUMBER_PARAMETERS,
  checkRule,
  DEPLOYMENT_LIMITS,
  DEPLOYMENT_RULES,
  type FieldRule,
  type DeploymentRouting,
  type FieldError,
  type FunctionTool,
  type ResponseFormat,
  routingProblems,
  TEMPLATE_MESSAGE_ROLES,
  TEMPLATE_VARIABLE_PATTERN,
  type TemplateContentPart,
  type TemplateMessage,
  type TemplateVariable,
  templateProblems,
  type ToolChoice,
  VARIANT_KEY_PATTERN,
  type VariantInput,
  type VariantParameters,
} from '@model-garden/contracts';
import { RegistryException } from '../shared/registry.exception';

/**
 * Checks a deployment body field by field, naming each bad field by its path
 * (`variants[1].messages[0].content`) and what to write instead. The DTO pipe checks
 * the top level; messages, parameters and routing are unions and free-form JSON
 * (tool schemas) that class-validator cannot describe, so they are checked here, in
 * one pass, and unknown fields are refused at every level.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly problems: FieldError[] = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message: `${field} ${message}` });
  }

  /** A field with a rule of `@model-garden/contracts` (its messages name the field); true when it keeps it. */
  rule(value: unknown, path: string, rule: FieldRule): boolean {
    const message = checkRule(rule, value);
    if (message !== null) this.problems.push({ field: path, message });
    return message === null;
  }

  /** Refuses fields not in `known`; true when `value` is an object. */
  object(value: unknown, path: string, known: readonly string[]): value is Json {
    if (!isObject(value)) {
      this.add(path, 'must be an object.');
      return false;
    }
    for (const key of Object.keys(value)) if (!known.includes(key)) this.problems.push({ field: `${path}.${key}`, message: `${path}.${key} is not a known field; remove it.` });
    return true;
  }

  string(value: unknown, path: string, min: number, max: number): value is string {
    if (typeof value !== 'string') {
      this.add(path, 'must be a string.');
      return false;
    }
    if (value.length < min || value.length > max) {
      this.add(path, min > 0 ? `must be ${min} to ${max} characters.` : `must be at most ${max} characters.`);
      return false;
    }
    return true;
  }

  number(value: unknown, path: string, min: number, max: number, integer = false): value is number {
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      this.add(path, integer ? 'must be an integer.' : 'must be a number.');
      return false;
    }
    if (value < min || value > max) {
      this.add(path, `must be between ${min} and ${max}.`);
      return false;
    }
    return true;
  }

  array(value: unknown, path: string, min: number, max: number): value is unknown[] {
    if (!Array.isArray(value)) {
      this.add(path, 'must be a list.');
      return false;
    }
    if (value.length < min || value.length > max) {
      this.add(path, min > 0 ? `must hold ${min} to ${max} entries.` : `must hold at most ${max} entries.`);
      return false;
    }
    return true;
  }
}

export interface DeploymentInput {
  key?: string;
  description?: string | null;
  variants: VariantInput[];
  routing: DeploymentRouting;
  /** The exact-match response cache of the version's calls; null: none. */
  cache: ResponseCacheSetting | null;
  note?: string | null;
}

const BODY_FIELDS = ['key', 'description', 'variants', 'routing', 'cache', 'note'];
const VARIANT_FIELDS = ['key', 'model', 'messages', 'variables', 'parameters', 'retry', 'fallbacks', 'timeout'];
const PARAMETER_FIELDS = ['temperature', 'maxTokens', 'topP', 'frequencyPenalty', 'presencePenalty', 'seed', 'stop', 'responseFormat', 'tools', 'toolChoice'];

/** The checked body, or the list of every problem in it. `withKey`: the key is in the body (create), not in the path (publish). */
export function parseDeploymentInput(body: unknown, withKey: boolean): { input?: DeploymentInput; problems: FieldError[] } {
  const c = new Checker();
  if (!c.object(body, 'body', withKey ? BODY_FIELDS : BODY_FIELDS.filter((f) => f !== 'key'))) return { problems: c.problems };
  if (withKey) c.rule(body['key'], 'key', DEPLOYMENT_RULES.key);
  for (const field of ['description', 'note'] as const) {
    const value = body[field];
    if (value !== undefined && value !== null) c.rule(value, field, DEPLOYMENT_RULES[field]);
  }
  const variants: VariantInput[] = [];
  const beforeVariants = c.problems.length;
  if (c.array(body['variants'], 'variants', 1, DEPLOYMENT_LIMITS.variants)) {
    const keys = new Set<string>();
    (body['variants'] as unknown[]).forEach((raw, index) => {
      const variant = parseVariant(c, raw, `variants[${index}]`);
      if (variant === undefined) return;
      if (keys.has(variant.key)) c.add(`variants[${index}].key`, `"${variant.key}" is already the key of another variant; variant keys are unique.`);
      keys.add(variant.key);
      variants.push(variant);
    });
  }
  const routing = parseRouting(c, body['routing'], variants, c.problems.length === beforeVariants);
  let cache: ResponseCacheSetting | null = null;
  if (body['cache'] !== undefined && body['cache'] !== null) {
    const checked = checkCacheSetting(body['cache']);
    if ('field' in checked) c.problems.push(checked);
    else cache = checked.setting;
  }
  if (c.problems.length > 0 || routing === undefined) return { problems: c.problems };
  const input: DeploymentInput = { variants, routing, cache };
  if (withKey) input.key = body['key'] as string;
  if (body['description'] !== undefined) input.description = (body['description'] as string | null) ?? null;
  if (body['note'] !== undefined) input.note = (body['note'] as string | null) ?? null;
  return { input, problems: [] };
}

/**
 * The body of a create (`withKey`) or a publish as the use cases store it: variables'
 * `required` filled in, model names trimmed, the default routing. A 400 naming every
 * bad field when it is not valid (the DTO pipe refuses such a body first).
 */
export function deploymentInput(body: object, withKey: true): DeploymentInput & { key: string };
export function deploymentInput(body: object, withKey: false): DeploymentInput;
export function deploymentInput(body: object, withKey: boolean): DeploymentInput {
  const { input, problems } = parseDeploymentInput({ ...body }, withKey);
  if (!input) throw RegistryException.validation(problems);
  return input;
}

function parseVariant(c: Checker, raw: unknown, path: string): VariantInput | undefined {
  const before = c.problems.length;
  if (!c.object(raw, path, VARIANT_FIELDS)) return undefined;
  if (c.string(raw['key'], `${path}.key`, 1, DEPLOYMENT_LIMITS.nameChars) && !VARIANT_KEY_PATTERN.test(raw['key'])) {
    c.add(`${path}.key`, `must be 1 to ${DEPLOYMENT_LIMITS.nameChars} letters, digits, ".", "_" or "-", starting and ending with a letter or digit.`);
  }
  c.string(raw['model'], `${path}.model`, 1, DEPLOYMENT_LIMITS.modelRefChars);
  const messages = parseMessages(c, raw['messages'], `${path}.messages`);
  const variables = parseVariables(c, raw['variables'], `${path}.variables`);
  const parameters = raw['parameters'] === undefined || raw['parameters'] === null ? {} : parseParameters(c, raw['parameters'], `${path}.parameters`);
  const variant: VariantInput = { key: raw['key'] as string, model: typeof raw['model'] === 'string' ? raw['model'].trim() : '', messages, variables, parameters };
  if (raw['retry'] !== undefined && raw['retry'] !== null && c.object(raw['retry'], `${path}.retry`, ['count', 'onCodes'])) {
    const retry = raw['retry'];
    c.number(retry['count'], `${path}.retry.count`, 0, DEPLOYMENT_LIMITS.retryCount, true);
    if (retry['onCodes'] !== undefined && c.array(retry['onCodes'], `${path}.retry.onCodes`, 1, DEPLOYMENT_LIMITS.retryCodes)) {
      (retry['onCodes'] as unknown[]).forEach((code, i) => c.number(code, `${path}.retry.onCodes[${i}]`, 400, 599, true));
    }
    variant.retry = { count: retry['count'] as number, ...(retry['onCodes'] !== undefined ? { onCodes: retry['onCodes'] as number[] } : {}) };
  }
  if (raw['fallbacks'] !== undefined && raw['fallbacks'] !== null && c.array(raw['fallbacks'], `${path}.fallbacks`, 0, DEPLOYMENT_LIMITS.fallbacks)) {
    variant.fallbacks = (raw['fallbacks'] as unknown[]).map((entry, i) => {
      if (c.object(entry, `${path}.fallbacks[${i}]`, ['model'])) c.string(entry['model'], `${path}.fallbacks[${i}].model`, 1, DEPLOYMENT_LIMITS.modelRefChars);
      return { model: (isObject(entry) && typeof entry['model'] === 'string' ? entry['model'] : '').trim() };
    });
  }
  if (raw['timeout'] !== undefined && raw['timeout'] !== null && c.object(raw['timeout'], `${path}.timeout`, ['callTimeoutMs'])) {
    c.number(raw['timeout']['callTimeoutMs'], `${path}.timeout.callTimeoutMs`, 1, DEPLOYMENT_LIMITS.callTimeoutMs, true);
    variant.timeout = { callTimeoutMs: raw['timeout']['callTimeoutMs'] as number };
  }
  if (c.problems.length === before) c.problems.push(...templateProblems(messages, variables, path));
  return c.problems.length === before ? variant : undefined;
}

function parseMessages(c: Checker, raw: unknown, path: string): TemplateMessage[] {
  if (!c.array(raw, path, 1, DEPLOYMENT_LIMITS.messages)) return [];
  return raw.map((message, m): TemplateMessage => {
    const at = `${path}[${m}]`;
    if (!c.object(message, at, ['role', 'content'])) return { role: 'user', content: '' };
    if (!(TEMPLATE_MESSAGE_ROLES as readonly unknown[]).includes(message['role'])) c.add(`${at}.role`, `must be one of: ${TEMPLATE_MESSAGE_ROLES.join(', ')}.`);
    const content = message['content'];
    if (typeof content === 'string') {
      c.string(content, `${at}.content`, 1, DEPLOYMENT_LIMITS.messageChars);
      return { role: message['role'] as TemplateMessage['role'], content };
    }
    if (!Array.isArray(content)) {
      c.add(`${at}.content`, 'must be a string or a list of content parts ({"type": "text", "text": …} or {"type": "image_url", "imageUrl": {"url": …}}).');
      return { role: 'user', content: '' };
    }
    if (!c.array(content, `${at}.content`, 1, DEPLOYMENT_LIMITS.contentParts)) return { role: 'user', content: '' };
    const parts = content.map((part, p): TemplateContentPart => {
      const pat = `${at}.content[${p}]`;
      if (isObject(part) && part['type'] === 'image_url') {
        if (c.object(part, pat, ['type', 'imageUrl']) && c.object(part['imageUrl'], `${pat}.imageUrl`, ['url', 'detail'])) {
          const image = part['imageUrl'];
          c.string(image['url'], `${pat}.imageUrl.url`, 1, DEPLOYMENT_LIMITS.imageUrlChars);
          if (image['detail'] !== undefined && !['auto', 'low', 'high'].includes(image['detail'] as string)) c.add(`${pat}.imageUrl.detail`, 'must be auto, low or high.');
          return { type: 'image_url', imageUrl: { url: image['url'] as string, ...(image['detail'] !== undefined ? { detail: image['detail'] as 'auto' } : {}) } };
        }
        return { type: 'text', text: '' };
      }
      if (c.object(part, pat, ['type', 'text'])) {
        if (part['type'] !== 'text') c.add(`${pat}.type`, 'must be "text" or "image_url".');
        c.string(part['text'], `${pat}.text`, 1, DEPLOYMENT_LIMITS.messageChars);
      }
      return { type: 'text', text: isObject(part) && typeof part['text'] === 'string' ? part['text'] : '' };
    });
    return { role: message['role'] as TemplateMessage['role'], content: parts };
  });
}

function parseVariables(c: Checker, raw: unknown, path: string): TemplateVariable[] {
  if (raw === undefined || raw === null) return [];
  if (!c.array(raw, path, 0, DEPLOYMENT_LIMITS.variables)) return [];
  return raw.map((variable, v): TemplateVariable => {
    const at = `${path}[${v}]`;
    if (!c.object(variable, at, ['name', 'required', 'default', 'description'])) return { name: '', required: false };
    if (c.string(variable['name'], `${at}.name`, 1, DEPLOYMENT_LIMITS.nameChars) && !TEMPLATE_VARIABLE_PATTERN.test(variable['name'])) {
      c.add(`${at}.name`, 'must be a letter or "_" followed by letters, digits or "_" (as written in {{name}}).');
    }
    if (variable['required'] !== undefined && typeof variable['required'] !== 'boolean') c.add(`${at}.required`, 'must be true or false.');
    if (variable['default'] !== undefined && variable['default'] !== null) c.string(variable['default'], `${at}.default`, 0, DEPLOYMENT_LIMITS.variableDefaultChars);
    if (variable['description'] !== undefined && variable['description'] !== null) c.string(variable['description'], `${at}.description`, 0, DEPLOYMENT_LIMITS.variableDescriptionChars);
    const out: TemplateVariable = { name: variable['name'] as string, required: variable['required'] !== false };
    // A variable with a default is optional unless it says otherwise (then templateProblems names the clash).
    if (variable['required'] === undefined && variable['default'] !== undefined && variable['default'] !== null) out.required = false;
    if (variable['default'] !== undefined) out.default = (variable['default'] as string | null) ?? null;
    if (variable['description'] !== undefined) out.description = (variable['description'] as string | null) ?? null;
    return out;
  });
}

function parseParameters(c: Checker, raw: unknown, path: string): VariantParameters {
  if (!c.object(raw, path, PARAMETER_FIELDS)) return {};
  const out: VariantParameters = {};
  const num = (field: keyof VariantParameters, min: number, max: number, integer = false): void => {
    const value = raw[field];
    if (value === undefined || value === null) return;
    if (c.number(value, `${path}.${field}`, min, max, integer)) (out as Record<string, unknown>)[field] = value;
  };
  for (const parameter of VARIANT_NUMBER_PARAMETERS) num(parameter.name, parameter.min, parameter.max, parameter.integer);
  const stop = raw['stop'];
  if (stop !== undefined && stop !== null) {
    if (typeof stop === 'string') {
      if (c.string(stop, `${path}.stop`, 1, DEPLOYMENT_LIMITS.stopChars)) out.stop = stop;
    } else if (c.array(stop, `${path}.stop`, 1, DEPLOYMENT_LIMITS.stop)) {
      if (stop.every((s, i) => c.string(s, `${path}.stop[${i}]`, 1, DEPLOYMENT_LIMITS.stopChars))) out.stop = stop as string[];
    }
  }
  const format = raw['responseFormat'];
  if (format !== undefined && format !== null) {
    const parsed = parseResponseFormat(c, format, `${path}.responseFormat`);
    if (parsed) out.responseFormat = parsed;
  }
  const tools = raw['tools'];
  if (tools !== undefined && tools !== null && c.array(tools, `${path}.tools`, 0, DEPLOYMENT_LIMITS.tools)) {
    const names = new Set<string>();
    out.tools = tools.map((tool, t): FunctionTool => {
      const at = `${path}.tools[${t}]`;
      if (!c.object(tool, at, ['type', 'function'])) return { type: 'function', function: { name: '' } };
      if (tool['type'] !== 'function') c.add(`${at}.type`, 'must be "function".');
      if (!c.object(tool['function'], `${at}.function`, ['name', 'description', 'parameters', 'strict'])) return { type: 'function', function: { name: '' } };
      const fn = tool['function'];
      if (c.string(fn['name'], `${at}.function.name`, 1, DEPLOYMENT_LIMITS.nameChars) && !/^[A-Za-z0-9_-]+$/.test(fn['name'])) c.add(`${at}.function.name`, 'may hold only letters, digits, "_" and "-".');
      if (typeof fn['name'] === 'string' && names.has(fn['name'])) c.add(`${at}.function.name`, `"${fn['name']}" names another tool too; tool names are unique.`);
      names.add(fn['name'] as string);
      if (fn['description'] !== undefined) c.string(fn['description'], `${at}.function.description`, 0, DEPLOYMENT_LIMITS.toolDescriptionChars);
      if (fn['parameters'] !== undefined && !isObject(fn['parameters'])) c.add(`${at}.function.parameters`, 'must be a JSON Schema object.');
      if (fn['strict'] !== undefined && typeof fn['strict'] !== 'boolean') c.add(`${at}.function.strict`, 'must be true or false.');
      return { type: 'function', function: fn as FunctionTool['function'] };
    });
  }
  const choice = raw['toolChoice'];
  if (choice !== undefined && choice !== null) {
    if (typeof choice === 'string') {
      if (['auto', 'none', 'required'].includes(choice)) out.toolChoice = choice as ToolChoice;
      else c.add(`${path}.toolChoice`, 'must be auto, none, required or {"type": "function", "function": {"name": …}}.');
    } else if (c.object(choice, `${path}.toolChoice`, ['type', 'function']) && c.object(choice['function'], `${path}.toolChoice.function`, ['name'])) {
      const name = choice['function']['name'];
      if (choice['type'] !== 'function') c.add(`${path}.toolChoice.type`, 'must be "function".');
      if (c.string(name, `${path}.toolChoice.function.name`, 1, DEPLOYMENT_LIMITS.nameChars)) {
        if (!(out.tools ?? []).some((tool) => tool.function.name === name)) c.add(`${path}.toolChoice.function.name`, `names no tool of this variant; add a tool named "${name}".`);
        out.toolChoice = { type: 'function', function: { name } };
      }
    }
    if (out.toolChoice !== undefined && out.toolChoice !== 'none' && (out.tools ?? []).length === 0) c.add(`${path}.toolChoice`, 'needs tools; add tools or remove toolChoice.');
  }
  return out;
}

function parseResponseFormat(c: Checker, raw: unknown, path: string): ResponseFormat | undefined {
  if (!isObject(raw)) {
    c.add(path, 'must be {"type": "text"}, {"type": "json_object"} or {"type": "json_schema", "jsonSchema": {…}}.');
    return undefined;
  }
  switch (raw['type']) {
    case 'text':
    case 'json_object':
      return c.object(raw, path, ['type']) ? { type: raw['type'] } : undefined;
    case 'json_schema': {
      if (!c.object(raw, path, ['type', 'jsonSchema']) || !c.object(raw['jsonSchema'], `${path}.jsonSchema`, ['name', 'description', 'strict', 'schema'])) return undefined;
      const schema = raw['jsonSchema'];
      if (c.string(schema['name'], `${path}.jsonSchema.name`, 1, DEPLOYMENT_LIMITS.nameChars) && !/^[A-Za-z0-9_-]+$/.test(schema['name'])) c.add(`${path}.jsonSchema.name`, 'may hold only letters, digits, "_" and "-".');
      if (schema['description'] !== undefined) c.string(schema['description'], `${path}.jsonSchema.description`, 0, DEPLOYMENT_LIMITS.toolDescriptionChars);
      if (schema['strict'] !== undefined && typeof schema['strict'] !== 'boolean') c.add(`${path}.jsonSchema.strict`, 'must be true or false.');
      if (!isObject(schema['schema'])) c.add(`${path}.jsonSchema.schema`, 'must be a JSON Schema object.');
      return { type: 'json_schema', jsonSchema: schema as { name: string; schema: Record<string, unknown> } };
    }
    default:
      c.add(`${path}.type`, 'must be text, json_object or json_schema.');
      return undefined;
  }
}

function parseRouting(c: Checker, raw: unknown, variants: VariantInput[], variantsValid: boolean): DeploymentRouting | undefined {
  const keys = variants.map((v) => v.key);
  if (raw === undefined || raw === null) return { rules: [], defaultVariant: keys[0] ?? '' };
  if (!c.object(raw, 'routing', ['rules', 'defaultVariant'])) return undefined;
  const before = c.problems.length;
  const rules = raw['rules'] === undefined || raw['rules'] === null ? [] : raw['rules'];
  if (!c.array(rules, 'routing.rules', 0, DEPLOYMENT_LIMITS.rules)) return undefined;
  rules.forEach((rule, r) => {
    const at = `routing.rules[${r}]`;
    if (!c.object(rule, at, ['name', 'conditions', 'variant', 'split', 'stickyBy'])) return;
    if (rule['name'] !== undefined && rule['name'] !== null) c.string(rule['name'], `${at}.name`, 0, DEPLOYMENT_LIMITS.ruleNameChars);
    if (rule['conditions'] === undefined) rule['conditions'] = [];
    if (c.array(rule['conditions'], `${at}.conditions`, 0, DEPLOYMENT_LIMITS.conditions)) {
      (rule['conditions'] as unknown[]).forEach((condition, i) => c.object(condition, `${at}.conditions[${i}]`, ['field', 'operator', 'value']));
    }
    if (rule['split'] !== undefined && rule['split'] !== null && c.array(rule['split'], `${at}.split`, 0, DEPLOYMENT_LIMITS.variants)) {
      (rule['split'] as unknown[]).forEach((part, i) => c.object(part, `${at}.split[${i}]`, ['variant', 'percent']));
    }
  });
  if (raw['defaultVariant'] !== undefined && raw['defaultVariant'] !== null) c.string(raw['defaultVariant'], 'routing.defaultVariant', 1, DEPLOYMENT_LIMITS.nameChars);
  if (c.problems.length > before) return undefined;
  const routing: DeploymentRouting = {
    rules: (rules as Json[]).map((rule) => {
      const out: DeploymentRouting['rules'][number] = { conditions: rule['conditions'] as DeploymentRouting['rules'][number]['conditions'] };
      if (rule['name'] !== undefined && rule['name'] !== null) out.name = rule['name'] as string;
      if (rule['variant'] !== undefined && rule['variant'] !== null) out.variant = rule['variant'] as string;
      if (rule['split'] !== undefined && rule['split'] !== null) out.split = rule['split'] as DeploymentRouting['rules'][number]['split'];
      if (rule['stickyBy'] !== undefined && rule['stickyBy'] !== null) out.stickyBy = rule['stickyBy'] as string;
      return out;
    }),
    defaultVariant: (raw['defaultVariant'] as string | undefined) ?? keys[0] ?? '',
  };
  if (variantsValid && keys.length > 0) c.problems.push(...routingProblems(routing, keys));
  return routing;
}
