import Mustache from 'mustache';

import { stringVariables } from '@model-garden/contracts/browser';

/**
 * `{{variables}}` in a deployment's message templates, read by the same template
 * library (Mustache) the gateway fills them with. Deployments allow plain `{{name}}`
 * (and `{{{name}}}` / `{{& name}}`, the same thing: nothing is HTML-escaped) and
 * `{{! comments }}`; sections, partials and delimiter changes are refused at publish,
 * so the editor says so as you type, while still highlighting every tag.
 */

export type TemplateSegment = { kind: 'text'; text: string } | { kind: 'variable'; text: string; name: string };

export interface TemplateReading {
  /** Variable names in order of first use, each once. */
  variables: string[];
  /** The text cut into plain runs and tags, for highlighting; joined they give the text back. */
  segments: TemplateSegment[];
  /** Why the template cannot be read (an unclosed tag or section); null when it can. */
  error: string | null;
}

type Token = [type: string, value: string, start: number, end: number, children?: Token[], sectionEnd?: number];

/** The tags of a parsed template with their positions, sections flattened (opening and closing tags both). */
function tagsOf(tokens: Token[], text: string, out: { name: string; start: number; end: number }[]): void {
  for (const token of tokens) {
    const [type, value, start, end, children, sectionEnd] = token;
    if (type === 'name' || type === '&') out.push({ name: value, start, end });
    if (type === '#' || type === '^') {
      out.push({ name: value, start, end });
      tagsOf(children ?? [], text, out);
      if (sectionEnd !== undefined) {
        const close = text.indexOf('}}', sectionEnd);
        out.push({ name: value, start: sectionEnd, end: close < 0 ? text.length : close + 2 });
      }
    }
  }
}

export function readTemplate(text: string): TemplateReading {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(text) as unknown as Token[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { variables: [], segments: [{ kind: 'text', text }], error: message };
  }
  const tags: { name: string; start: number; end: number }[] = [];
  tagsOf(tokens, text, tags);
  // Which tags the registry refuses is its rule (`stringVariables` of the contracts), worded as its 422 says it.
  const refused = stringVariables(text).problem;
  const problem = refused === undefined ? null : `it ${refused}`;
  tags.sort((a, b) => a.start - b.start);
  const segments: TemplateSegment[] = [];
  const variables: string[] = [];
  let at = 0;
  for (const tag of tags) {
    if (tag.start < at) continue;
    if (tag.start > at) segments.push({ kind: 'text', text: text.slice(at, tag.start) });
    segments.push({ kind: 'variable', text: text.slice(tag.start, tag.end), name: tag.name });
    if (!variables.includes(tag.name)) variables.push(tag.name);
    at = tag.end;
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) });
  return { variables: problem ? [] : variables, segments, error: problem };
}

/** Every variable used by a list of message contents, in order of first use. */
export function variablesOf(contents: readonly string[]): string[] {
  const names: string[] = [];
  for (const content of contents) {
    for (const name of readTemplate(content).variables) if (!names.includes(name)) names.push(name);
  }
  return names;
}

export interface DeclaredVariable {
  name: string;
  required: boolean;
  /** The value used when the call gives none (only for variables that are not required; empty when absent). */
  defaultValue?: string | undefined;
}

export type VariableState = DeclaredVariable & {
  /** `ok`: declared and used; `undeclared`: used but not declared (publish refuses it); `unused`: declared, used by no message (publish refuses it). */
  state: 'ok' | 'undeclared' | 'unused';
};

/**
 * The variables table of the messages editor: the declared ones in their order, then
 * the used-but-undeclared ones (offered as required, the safe choice).
 */
export function reconcileVariables(declared: readonly DeclaredVariable[], used: readonly string[]): VariableState[] {
  const rows: VariableState[] = declared.map((v) => ({ ...v, state: used.includes(v.name) ? 'ok' : 'unused' }));
  for (const name of used) {
    if (!declared.some((v) => v.name === name)) rows.push({ name, required: true, state: 'undeclared' });
  }
  return rows;
}
