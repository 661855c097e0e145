import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** True when the request carries `Authorization: Bearer <key>` with exactly this key (compared in constant time). */
export function hasBearerKey(req: IncomingMessage, key: Buffer): boolean {
  const header = req.headers.authorization;
  if (header === undefined || header.length <= 7 || header.slice(0, 7).toLowerCase() !== 'bearer ') return false;
  const presented = Buffer.from(header.slice(7).trim());
  return presented.length === key.length && timingSafeEqual(presented, key);
}
