import fc from 'fast-check';

/**
 * Inputs for the property tests: strings and numbers from the edges (empty, huge,
 * control characters, lone surrogates, injection payloads, prototype keys), any
 * JSON value, and mutations of a valid body (fields replaced, removed or added).
 */

/** Printable ASCII only: what an HTTP client can put in a header value. */
export const headerText = (maxLength = 60): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

const NASTY = [
  '',
  ' ',
  '\u0000',
  '\t\r\n',
  '\ud800',
  '\u202e\u0041',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE models; --",
  '%00%0d%0a',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '1e309',
  '-0',
  '0x10',
  '{}',
  '[]',
  'null',
  'true',
  '😀'.repeat(20),
  'a'.repeat(5_000),
  'http://127.0.0.2/v1',
  'http://[::1]:80/v1',
  'http://0.0.0.0/v1',
  'http://2130706434/v1',
  'file:///etc/passwd',
  'https://user:pass@example.com/v1',
];

export const weirdString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.constantFrom(...NASTY), weight: 4 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.integer({ min: 10_000, max: 120_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

export const weirdNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, -1, 0.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 63), 1_000_001),
);

export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: weirdString, weight: 5 },
  { arbitrary: weirdNumber, weight: 4 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.array(weirdString, { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.dictionary(weirdString, weirdString, { maxKeys: 4 }), weight: 1 },
  { arbitrary: fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')), weight: 1 },
);

export interface Mutation {
  set: Record<string, unknown>;
  remove: string[];
  extra: Record<string, unknown>;
}

/** Replace up to three fields (dotted paths reach into nested objects), remove up to two, add up to two unknown ones. */
export function mutation(fields: readonly string[], removable: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    set: fc.dictionary(fc.constantFrom(...fields), weirdValue, { minKeys: 0, maxKeys: 3 }),
    remove: removable.length ? fc.subarray([...removable], { maxLength: Math.min(2, removable.length) }) : fc.constant([]),
    extra: fc.dictionary(fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'id', 'status', 'revision', 'workspaceId')), weirdValue, { maxKeys: 2 }),
  });
}

/** The body with the mutation applied, and the top-level fields it touched. */
export function applyMutation(base: Record<string, unknown>, m: Mutation): { body: Record<string, unknown>; touched: Set<string> } {
  const body = structuredClone(base);
  const touched = new Set<string>();
  for (const [path, shared] of Object.entries(m.set)) {
    // Generated values may be shared between runs (constants): never let a body alias them.
    const value = structuredClone(shared);
    const [head, ...rest] = path.split('.');
    touched.add(head!);
    if (rest.length === 0) {
      body[head!] = value;
      continue;
    }
    const parent = typeof body[head!] === 'object' && body[head!] !== null ? { ...(body[head!] as Record<string, unknown>) } : {};
    parent[rest.join('.')] = value;
    body[head!] = parent;
  }
  for (const field of m.remove) {
    delete body[field];
    touched.add(field);
  }
  for (const [key, value] of Object.entries(m.extra)) {
    Object.defineProperty(body, key, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
    touched.add(key);
  }
  return { body, touched };
}

/** The top-level field of a path such as `pricing.perImage`, `messages[0].content` or `tools.0.type`. */
export function rootField(path: string): string {
  return path.split(/[.[]/)[0]!;
}

/** A raw body that is not one JSON object. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.jsonValue().map((v) => `${JSON.stringify(v)}garbage`),
  fc.constantFrom('', '{', '{"a":', '{"a":1,}', "{'a':1}", 'null', '[]', '"str"', '1', '[{}]', '{"a":1}{"b":2}', '\uFEFF{}', '['.repeat(5_000), '{"a":'.repeat(2_000)),
  fc.integer({ min: 70_000, max: 200_000 }).map((n) => JSON.stringify({ name: 'y'.repeat(n) })),
);

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant('application/json'),
  fc.constant(undefined),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', 'application/json, text/plain', '*/*', ''),
  headerText(40),
);

export const authorization: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  headerText(80),
  headerText(80).map((s) => `Bearer ${s}`),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer mgk_', 'Bearer mgk_aaaaaaaaaaaa_', 'Bearer mgk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', `Bearer ${'k'.repeat(8_000)}`),
);

/** A query string of known and unknown parameters with odd values. */
export function queryString(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 12 })), fc.oneof(weirdString.filter((s) => s.length < 3_000), weirdNumber.map(String))), { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
}

/** encodeURIComponent, with lone surrogates replaced (it throws on them; so would any real client). */
export function encode(value: string): string {
  return encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));
}
