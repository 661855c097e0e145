import { randomBytes } from 'node:crypto';
import { KeyringError, maskSecret, parseKeyring, SecretCipher } from './secret-cipher';

const key = () => randomBytes(32).toString('base64');

describe('SecretCipher', () => {
  const keyring = `k1:${key()},k2:${key()}`;

  it('round-trips a secret under the active (last) key with a fresh nonce each time', () => {
    const cipher = SecretCipher.fromEnv(keyring);
    const a = cipher.encrypt('sk-live-123456789', 'model-1');
    const b = cipher.encrypt('sk-live-123456789', 'model-1');
    expect(a.keyId).toBe('k2');
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    expect(a.ciphertext).not.toContain('sk-live');
    expect(cipher.decrypt(a, 'model-1')).toBe('sk-live-123456789');
  });

  it('decrypts secrets written under an older key after rotation', () => {
    const old = SecretCipher.fromEnv(keyring, 'k1').encrypt('secret-value', 'model-1');
    const rotated = SecretCipher.fromEnv(`${keyring},k3:${key()}`);
    expect(rotated.activeKeyId).toBe('k3');
    expect(rotated.decrypt(old, 'model-1')).toBe('secret-value');
  });

  it('refuses a ciphertext moved to another owner or tampered with', () => {
    const cipher = SecretCipher.fromEnv(keyring);
    const secret = cipher.encrypt('secret-value', 'model-1');
    expect(() => cipher.decrypt(secret, 'model-2')).toThrow(KeyringError);
    const raw = Buffer.from(secret.ciphertext, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.decrypt({ ...secret, ciphertext: raw.toString('base64') }, 'model-1')).toThrow(/wrong key or tampered/);
  });

  it('says which key id is missing from the keyring', () => {
    const secret = SecretCipher.fromEnv(`old:${key()}`).encrypt('x', 'm');
    expect(() => SecretCipher.fromEnv(keyring).decrypt(secret, 'm')).toThrow(/No key "old"/);
  });

  it.each([
    ['', /holds no key/],
    ['k1', /must be "<id>:<base64 of 32 bytes>"/],
    ['k1:c2hvcnQ=', /must be 32 bytes/],
    [`k1:${key()},k1:${key()}`, /twice/],
    [`bad id:${key()}`, /must be "<id>:<base64 of 32 bytes>"/],
  ])('rejects the keyring %j with a message that says how to fix it', (value, message) => {
    expect(() => parseKeyring(value)).toThrow(message);
  });

  it('refuses an active key id that is not in the keyring', () => {
    expect(() => SecretCipher.fromEnv(keyring, 'k9')).toThrow(/"k9" is not in the keyring/);
  });
});

describe('maskSecret', () => {
  it.each([
    ['sk-proj-abcdefghijklmnop', 'sk-…mnop'],
    [['gsk', 'abcdefghijklmnopqrstu'].join('_'), 'gsk_…rstu'],
    ['plainsecretvalue1234', '…1234'],
    ['short', '…'],
  ])('masks %j as %j', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });
});
