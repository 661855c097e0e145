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
