import { type SecretCipher } from '@model-garden/platform';

/**
 * What a data migration may need beyond the database: the keyring, for migrations that
 * re-encrypt provider keys. Set by runMigrations for the length of one run.
 */
let cipher: SecretCipher | undefined;

export function migrationCipher(): SecretCipher | undefined {
  return cipher;
}

export async function withMigrationCipher<T>(value: SecretCipher | undefined, run: () => Promise<T>): Promise<T> {
  const previous = cipher;
  cipher = value;
  try {
    return await run();
  } finally {
    cipher = previous;
  }
}
