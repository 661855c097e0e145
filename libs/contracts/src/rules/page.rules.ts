import { type NumberRule, textRule } from './field-rule';

/** The rules of the cursor pagination query of the registry's lists (`?limit=&cursor=`). */

export const PAGE_LIMIT_MAX = 200;

const LIMIT_RANGE_MESSAGE = `limit must be between 1 and ${PAGE_LIMIT_MAX}`;

export const PAGE_RULES = {
  /** Items per page (each list has its own default). */
  limit: {
    kind: 'number',
    integer: true,
    typeMessage: 'limit must be a whole number',
    min: { value: 1, message: LIMIT_RANGE_MESSAGE },
    max: { value: PAGE_LIMIT_MAX, message: LIMIT_RANGE_MESSAGE },
  } satisfies NumberRule,
  /** `nextCursor` of the previous page: opaque to clients. */
  cursor: textRule('cursor', { max: 500 }),
} as const;
