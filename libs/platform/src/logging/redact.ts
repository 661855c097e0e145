/**
 * Redaction of secrets in logs. Structured fields are removed by path (pino's
 * `redact`); free text is scrubbed of bearer tokens and strings shaped like
 * provider or workspace API keys, so an upstream error message that echoes a key
 * cannot leak it either.
 */
export const REDACTED = '[REDACTED]';

export const REDACT_PATHS = [
  'apiKey',
  'api_key',
  'authorization',
  'password',
  'secret',
  'token',
  '*.apiKey',
  '*.api_key',
  '*.authorization',
  '*.Authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.serviceToken',
  '*.serviceTokens',
  '*.ciphertext',
  'req.headers.authorization',
  'req.headers["x-service-token"]',
  'headers.authorization',
  'headers["x-service-token"]',
];

const SECRET_PATTERNS: RegExp[] = [
  /(bearer\s+)[^\s"',]+/gi,
  /\b(sk|gsk|xai|mgk|pk|rk)[-_][A-Za-z0-9_-]{8,}/g,
  /\b(api[_-]?key|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',&]+/gi,
];

export function redactText(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match: string, first: string, second?: string) => {
      if (pattern === SECRET_PATTERNS[0]) return `${first}${REDACTED}`;
      if (pattern === SECRET_PATTERNS[2]) return `${first}${second ?? ''}${REDACTED}`;
      return REDACTED;
    });
  }
  return out;
}
