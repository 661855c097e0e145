import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptedSecret {
  /** Id of the keyring entry that encrypted it. */
  keyId: string;
  /** base64 of nonce (12 bytes) | auth tag (16 bytes) | ciphertext. */
  ciphertext: string;
}

export class KeyringError extends Error {
  override readonly name = 'KeyringError';
}

/**
 * AES-256-GCM with a random 96-bit nonce per secret. The keyring holds every key
 * id that may still decrypt; new secrets use the active one, so keys rotate by
 * adding an entry, making it active and re-encrypting (`keyId` says which rows
 * still use an old key). The additional data binds a ciphertext to its owner, so
 * a ciphertext copied to another row does not decrypt.
 */
export class SecretCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: Map<string, Buffer>,
    readonly activeKeyId: string,
  ) {
    if (!keys.has(activeKeyId)) throw new KeyringError(`The active key id "${activeKeyId}" is not in the keyring`);
    this.keys = keys;
  }

  /** Parses `ENCRYPTION_KEYS` (`id:base64key,id2:base64key`, each key 32 bytes); the active key defaults to the last. */
  static fromEnv(keyring: string, activeKeyId?: string): SecretCipher {
    const keys = parseKeyring(keyring);
    return new SecretCipher(keys, activeKeyId || [...keys.keys()].pop()!);
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  encrypt(plaintext: string, associatedData: string): EncryptedSecret {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, nonce);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.activeKeyId, ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64') };
  }

  decrypt(secret: EncryptedSecret, associatedData: string): string {
    const key = this.keys.get(secret.keyId);
    if (!key) throw new KeyringError(`No key "${secret.keyId}" in the keyring; add it to ENCRYPTION_KEYS to decrypt this secret`);
    const raw = Buffer.from(secret.ciphertext, 'base64');
    if (raw.length < 28) throw new KeyringError('The ciphertext is too short to be valid');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyringError('The secret could not be decrypted: wrong key or tampered ciphertext');
    }
  }
}

export function parseKeyring(keyring: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of keyring.split(',').map((e) => e.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    if (separator <= 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new KeyringError('Each ENCRYPTION_KEYS entry must be "<id>:<base64 of 32 bytes>" with an id of letters, digits, "_" or "-"');
    }
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (key.length !== 32) throw new KeyringError(`ENCRYPTION_KEYS entry "${id}" must be 32 bytes of base64 (openssl rand -base64 32)`);
    if (keys.has(id)) throw new KeyringError(`ENCRYPTION_KEYS names key id "${id}" twice`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw new KeyringError('ENCRYPTION_KEYS holds no key');
  return keys;
}

/** The only form in which a provider key is ever shown: `sk-…abcd`. */
export function maskSecret(secret: string): string {
  const tail = secret.length >= 12 ? secret.slice(-4) : '';
  const dash = secret.search(/[-_]/);
  const head = dash > 0 && dash <= 4 ? secret.slice(0, dash + 1) : '';
  return `${head}…${tail}`;
}
