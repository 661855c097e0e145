import { decodeCursor, encodeCursor } from './cursor.util';
import { RegistryException } from './registry.exception';

describe('cursors', () => {
  it('round-trips', () => {
    const cursor = encodeCursor({ part: 'private', id: 'abc' });
    expect(decodeCursor(cursor, ['part', 'id'])).toEqual({ part: 'private', id: 'abc' });
  });

  it.each(['', 'not-base64!', Buffer.from('[1]').toString('base64url'), encodeCursor({ other: 'x' })])('refuses %p as a 400 on cursor', (cursor) => {
    try {
      decodeCursor(cursor, ['part']);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(RegistryException);
      expect((error as RegistryException).toBody().error.details?.[0]?.field).toBe('cursor');
    }
  });
});
