import { createHash } from 'node:crypto';

export const EMBEDDING_DIMENSIONS = 256;

/**
 * A deterministic unit-norm vector for an input: SHA-256 of the input seeds a
 * xoshiro128** generator whose first `dimensions` draws, in [-1, 1), are normalised.
 * Asking for fewer dimensions gives the normalised prefix of the full vector's draws,
 * as OpenAI's shortened embeddings are. Values are float32, so the float and base64
 * encodings carry exactly the same numbers.
 */
export function embeddingVector(input: string | readonly number[], dimensions: number = EMBEDDING_DIMENSIONS): Float32Array {
  const seed = createHash('sha256')
    .update(typeof input === 'string' ? `text:${input}` : `tokens:${input.join(',')}`)
    .digest();
  let s0 = seed.readUInt32LE(0);
  let s1 = seed.readUInt32LE(4);
  let s2 = seed.readUInt32LE(8);
  let s3 = seed.readUInt32LE(12);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const raw = new Float64Array(dimensions);
  let sumOfSquares = 0;
  for (let i = 0; i < dimensions; i++) {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    const value = (result / 0x1_0000_0000) * 2 - 1;
    raw[i] = value;
    sumOfSquares += value * value;
  }
  const norm = Math.sqrt(sumOfSquares) || 1;
  const vector = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) vector[i] = raw[i] / norm;
  return vector;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Little-endian float32 bytes in base64: what `encoding_format: 'base64'` returns. */
export function toBase64(vector: Float32Array): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i], i * 4);
  return bytes.toString('base64');
}
