/** PostgreSQL's unique_violation on the named constraint (TypeORM wraps the driver error). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  const code = candidate.driverError?.code ?? candidate.code;
  const name = candidate.driverError?.constraint ?? candidate.constraint;
  return code === '23505' && name === constraint;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID cannot name anything: callers answer 404 without a query. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Error codes of a database that cannot be reached or is going away (node's sockets, pg's pool, PostgreSQL's class 08 and 57P0x). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Connection refused|the database system is (starting up|shutting down)/i;

/**
 * True when a failure says the database cannot be reached right now, not that the
 * request was wrong: callers answer 503 (REST) or UNAVAILABLE (gRPC), never a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let candidate = error, depth = 0; typeof candidate === 'object' && candidate !== null && depth < 4; depth += 1) {
    const { code, message, driverError, cause } = candidate as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    candidate = driverError ?? cause;
  }
  return false;
}

/**
 * PostgreSQL refused a character it cannot store or compare in text (U+0000, an
 * invalid byte sequence): the input was wrong, so the answer is a 400, not a 500.
 */
export function isUnstorableText(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = candidate.driverError?.code ?? candidate.code;
  return code === '22021' || code === '22P05';
}

/**
 * The PostgreSQL error class of a failure that no retry can fix: 22 (data exception:
 * a number out of range, an invalid text representation) or 23 (integrity constraint:
 * a foreign key, a check, a not-null). `undefined` for anything else.
 */
export function permanentDatabaseFailure(error: unknown): { reason: 'out_of_range' | 'data_exception' | 'constraint'; detail: string } | undefined {
  if (isDatabaseUnavailable(error) || typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = candidate.driverError?.code ?? candidate.code;
  if (typeof code !== 'string') return undefined;
  // The message names the column type and the constraint; the value it quotes is the event's own (never a secret).
  const message = (error as { message?: unknown }).message;
  const detail = `PostgreSQL ${code}${typeof message === 'string' ? `: ${message}` : ''}`;
  if (code === '22003') return { reason: 'out_of_range', detail };
  if (code.startsWith('22')) return { reason: 'data_exception', detail };
  if (code.startsWith('23')) return { reason: 'constraint', detail };
  return undefined;
}
