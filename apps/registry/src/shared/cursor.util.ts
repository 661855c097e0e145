import { RegistryException } from './registry.exception';

/** Opaque page cursors: base64url JSON that clients pass back unchanged. */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, required: readonly string[]): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && required.every((k) => typeof (parsed as Record<string, unknown>)[k] === 'string')) {
      return parsed as Record<string, string>;
    }
  } catch {
    // fall through
  }
  throw invalidCursor();
}

export function invalidCursor(): RegistryException {
  return RegistryException.field('cursor', 'cursor is not a cursor this API returned; pass nextCursor from the previous page unchanged.');
}
