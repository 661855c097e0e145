import { DEPLOYMENT_KEY_PATTERN, DEPLOYMENT_LIMITS } from '../deployments/deployment.types';
import { type TextRule, textRule } from './field-rule';

/**
 * The rules of a deployment's top-level fields in `POST /v1/deployments`,
 * `PUT /v1/deployments/{key}` and `POST /v1/deployments/{key}/versions/{n}/restore`:
 * the registry's body checks and DTOs apply them, the API document shows them and the
 * studio's deployment form can check with them, so all say the same thing. The nested
 * fields (variants, messages, parameters, routing) are checked by path in the
 * registry's deployment body checks, with the limits of `DEPLOYMENT_LIMITS`.
 */

/** A string field of a deployment body, worded as the body checks word every field (a sentence naming the field). */
function bodyTextRule(field: string, min: number, max: number, patterns?: TextRule['patterns']): TextRule & Required<Pick<TextRule, 'length'>> {
  return {
    kind: 'text',
    typeMessage: `${field} must be a string.`,
    length: { min, max, message: min > 0 ? `${field} must be ${min} to ${max} characters.` : `${field} must be at most ${max} characters.` },
    ...(patterns ? { patterns } : {}),
  };
}

export const DEPLOYMENT_RULES = {
  /** Lower-case slugs, unique in a workspace, what clients pass as `key` to `/v2/deployments/*`. */
  key: bodyTextRule('key', 1, DEPLOYMENT_LIMITS.nameChars, [
    {
      pattern: DEPLOYMENT_KEY_PATTERN,
      message: `key must be a slug of 1 to ${DEPLOYMENT_LIMITS.nameChars} lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit (e.g. "customer-support").`,
    },
  ]),
  /** Optional, null clears it (publish: absent leaves it unchanged). */
  description: bodyTextRule('description', 0, DEPLOYMENT_LIMITS.descriptionChars),
  /** Why a version was published; optional. */
  note: bodyTextRule('note', 0, DEPLOYMENT_LIMITS.noteChars),
  /** The note of a restore (default: "Restored from version n: <its note>"); the restore body is checked by its DTO alone, in the DTOs' wording. */
  restoreNote: textRule('note', { max: DEPLOYMENT_LIMITS.noteChars }),
} as const;
