/**
 * Placeholders in experiment prompts and LLM-judge rubrics: `{{name}}`, with optional
 * spaces inside the braces, filled from a flat map of values. The registry checks them
 * (`evaluatorConfigProblems`), the experiment worker fills them, the studio shows them.
 *
 * Deployment variants use real templates instead (Mustache, checked at publish:
 * `deployment-template.ts`). These strings are partly data (a datapoint's messages come
 * from an imported file), so the rule here is lenient: a well-formed placeholder whose
 * name has a value is filled as written (no escaping), and anything else (a name without
 * a value, braces that are not a placeholder) reaches the model unchanged.
 */
const PLACEHOLDER = /{{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*}}/g;

/** Anything between double braces, to name what is not a valid placeholder. */
const BRACED = /{{\s*([^}]*?)\s*}}/g;

/** The distinct placeholder names a text uses, in order of first use. */
export function placeholderNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) if (!names.includes(match[1]!)) names.push(match[1]!);
  return names;
}

/** Every `{{…}}` of a text that is not a placeholder of `allowed` (trimmed, as written between the braces). */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const match of text.matchAll(BRACED)) if (!allowed.includes(match[1]!) && !unknown.includes(match[1]!)) unknown.push(match[1]!);
  return unknown;
}

/** The text a value stands for: strings as they are, null as empty, numbers and booleans as written. */
function valueText(value: string | number | boolean | null): string {
  return value === null ? '' : String(value);
}

/** Fills the placeholders whose names `values` has (own keys only); the rest stays as written. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number | boolean | null>>): string {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? valueText(values[name]!) : whole));
}
