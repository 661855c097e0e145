import Mustache from 'mustache';
import { type FieldError } from '../errors/error-codes';
import { TEMPLATE_VARIABLE_PATTERN, type TemplateMessage, type TemplateVariable } from './deployment.types';

/**
 * Templates of deployment variants: Mustache syntax limited to `{{variable}}` (and
 * `{{{variable}}}`, the same thing here: HTML escaping is off, values go to a model,
 * not to a browser) and `{{! comments }}`. Sections, partials and delimiter changes are
 * refused at publish, so a template means exactly "these strings with these holes".
 * The registry checks templates with `templateProblems`, the gateway renders them with
 * `compileTemplate` + `renderTemplate`, the studio highlights them with `templateVariableNames`.
 */

/** A message as sent to an OpenAI-compatible model (snake_case image parts). */
export interface WireMessage {
  role: string;
  content: string | Array<{ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } }>;
}

type Tokens = string[][];

/** One parse per call, never cached: the registry parses whatever clients send (no unbounded cache). */
function parseTokens(template: string): Tokens {
  const writer = new Mustache.Writer();
  try {
    return writer.parse(template) as Tokens;
  } finally {
    writer.clearCache();
  }
}

const ALLOWED_TOKENS = new Set(['text', 'name', '&', '!']);
const TOKEN_NAMES: Record<string, string> = {
  '#': 'sections ({{#…}})',
  '^': 'inverted sections ({{^…}})',
  '/': 'section ends ({{/…}})',
  '>': 'partials ({{>…}})',
  '=': 'delimiter changes ({{=…=}})',
};

/** The variables one template string uses, or the problem with it (unclosed tag, section, bad name). */
export function stringVariables(template: string): { names: string[]; problem?: string } {
  if (!template.includes('{{')) return { names: [] };
  let tokens: Tokens;
  try {
    tokens = parseTokens(template);
  } catch (error) {
    return { names: [], problem: `is not a valid template: ${error instanceof Error ? error.message : String(error)}; write variables as {{name}}.` };
  }
  const names: string[] = [];
  for (const token of tokens) {
    const [type, value] = token as [string, string];
    if (!ALLOWED_TOKENS.has(type)) {
      return { names: [], problem: `uses ${TOKEN_NAMES[type] ?? `"${type}" tags`}; only {{variable}} placeholders are supported.` };
    }
    if (type === 'name' || type === '&') {
      if (!TEMPLATE_VARIABLE_PATTERN.test(value)) {
        return { names: [], problem: `uses {{${value}}}: a variable name is a letter or "_" followed by letters, digits or "_" (at most 64).` };
      }
      if (!names.includes(value)) names.push(value);
    }
  }
  return { names };
}

/** Every templated string of a message with its field path (`messages[1].content[0].text`). */
function templatedStrings(messages: readonly TemplateMessage[], base: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  messages.forEach((message, m) => {
    const content = message?.content;
    if (typeof content === 'string') {
      out.push({ path: `${base}[${m}].content`, text: content });
    } else if (Array.isArray(content)) {
      content.forEach((part, p) => {
        if (part?.type === 'text' && typeof part.text === 'string') out.push({ path: `${base}[${m}].content[${p}].text`, text: part.text });
        if (part?.type === 'image_url' && typeof part.imageUrl?.url === 'string') out.push({ path: `${base}[${m}].content[${p}].imageUrl.url`, text: part.imageUrl.url });
      });
    }
  });
  return out;
}

/** The variable names the messages use, in order of first use (the studio lists them). */
export function templateVariableNames(messages: readonly TemplateMessage[]): string[] {
  const names: string[] = [];
  for (const { text } of templatedStrings(messages, 'messages')) {
    for (const name of stringVariables(text).names) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Problems of a variant's template against its declared variables, each naming its
 * field: a string that is not a valid template, a variable used but not declared, a
 * variable declared twice or declared but used nowhere, a default on a required variable.
 * `base` is the variant's path (`variants[1]`).
 */
export function templateProblems(messages: readonly TemplateMessage[], variables: readonly TemplateVariable[], base: string): FieldError[] {
  const problems: FieldError[] = [];
  const declared = new Map<string, number>();
  variables.forEach((variable, index) => {
    const path = `${base}.variables[${index}]`;
    if (declared.has(variable.name)) problems.push({ field: `${path}.name`, message: `${path}.name: "${variable.name}" is declared twice; declare each variable once.` });
    else declared.set(variable.name, index);
    if (variable.required && variable.default !== undefined && variable.default !== null) {
      problems.push({ field: `${path}.default`, message: `${path}.default: a required variable has no default; set required to false or remove the default.` });
    }
  });
  const used = new Set<string>();
  for (const { path, text } of templatedStrings(messages, `${base}.messages`)) {
    const { names, problem } = stringVariables(text);
    if (problem !== undefined) {
      problems.push({ field: path, message: `${path} ${problem}` });
      continue;
    }
    for (const name of names) {
      used.add(name);
      if (!declared.has(name)) {
        problems.push({ field: path, message: `${path} uses {{${name}}}, which is not declared: add {"name": "${name}", "required": true} to ${base}.variables.` });
      }
    }
  }
  for (const [name, index] of declared) {
    if (!used.has(name)) {
      const path = `${base}.variables[${index}]`;
      problems.push({ field: `${path}.name`, message: `${path}.name: "${name}" is declared but no message uses it; use {{${name}}} in a message or remove it.` });
    }
  }
  return problems;
}

/** A template parsed once (per cached deployment version), rendered per call. */
export interface CompiledTemplate {
  messages: Array<{ role: string; parts: CompiledContent }>;
  variables: readonly TemplateVariable[];
}

type CompiledString = { template: string; tokens: Tokens | null };
type CompiledContent =
  | { kind: 'string'; value: CompiledString }
  | { kind: 'parts'; value: Array<{ type: 'text'; text: CompiledString } | { type: 'image_url'; url: CompiledString; detail?: string }> };

function compileString(template: string): CompiledString {
  return { template, tokens: template.includes('{{') ? parseTokens(template) : null };
}

export function compileTemplate(messages: readonly TemplateMessage[], variables: readonly TemplateVariable[]): CompiledTemplate {
  return {
    variables,
    messages: messages.map((message) => ({
      role: message.role,
      parts:
        typeof message.content === 'string'
          ? { kind: 'string', value: compileString(message.content) }
          : {
              kind: 'parts',
              value: message.content.map((part) =>
                part.type === 'text'
                  ? { type: 'text' as const, text: compileString(part.text) }
                  : { type: 'image_url' as const, url: compileString(part.imageUrl.url), ...(part.imageUrl.detail ? { detail: part.imageUrl.detail } : {}) },
              ),
            },
    })),
  };
}

/** The text a JSON input value stands for in a template: strings as they are, other values as JSON. */
export function inputText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/**
 * The values of the declared variables for a call: the input's (as text), else the
 * default, else empty for an optional variable; `missing` lists required variables
 * the inputs lack (or give as null).
 */
export function resolveTemplateInputs(variables: readonly TemplateVariable[], inputs: Record<string, unknown> | undefined): { values: Record<string, string>; missing: string[] } {
  const values = Object.create(null) as Record<string, string>;
  const missing: string[] = [];
  for (const variable of variables) {
    const given = inputs !== undefined && Object.prototype.hasOwnProperty.call(inputs, variable.name) ? inputs[variable.name] : undefined;
    if (given !== undefined && given !== null) values[variable.name] = inputText(given);
    else if (variable.required) missing.push(variable.name);
    else values[variable.name] = variable.default ?? '';
  }
  return { values, missing };
}

const NO_ESCAPE = { escape: (value: unknown): string => String(value) };
const renderer = new Mustache.Writer();

function renderString(compiled: CompiledString, values: Record<string, string>): string {
  if (compiled.tokens === null) return compiled.template;
  return renderer.renderTokens(compiled.tokens, new Mustache.Context(values), undefined, compiled.template, NO_ESCAPE);
}

/** The template's messages with the values filled in, in the OpenAI wire shape. */
export function renderTemplate(compiled: CompiledTemplate, values: Record<string, string>): WireMessage[] {
  return compiled.messages.map(({ role, parts }) => {
    if (parts.kind === 'string') return { role, content: renderString(parts.value, values) };
    return {
      role,
      content: parts.value.map((part) =>
        part.type === 'text'
          ? { type: 'text' as const, text: renderString(part.text, values) }
          : { type: 'image_url' as const, image_url: { url: renderString(part.url, values), ...(part.detail ? { detail: part.detail } : {}) } },
      ),
    };
  });
}
