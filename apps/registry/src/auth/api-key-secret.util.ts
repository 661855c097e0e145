import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Workspace API keys look like `mgk_<prefix>_<secret>`: the prefix (12 lower-case
 * letters and digits) is public and finds the row; the secret (32 random bytes,
 * base64url) is never stored, only the SHA-256 of the whole key. 256 bits of
 * entropy make a slow hash unnecessary.
 */
export const API_KEY_MARKER = 'mgk';
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const PREFIX_LENGTH = 12;

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  secretHash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const bytes = randomBytes(PREFIX_LENGTH);
  const prefix = Array.from(bytes, (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join('');
  const key = `${API_KEY_MARKER}_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The prefix of a well-formed key, or undefined (then no lookup is made). */
export function apiKeyPrefix(key: string): string | undefined {
  const match = /^mgk_([a-z0-9]{12})_[A-Za-z0-9_-]{43}$/.exec(key);
  return match?.[1];
}

export function apiKeyMatches(key: string, secretHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Constant-time comparison of two tokens (admin and service tokens). */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
