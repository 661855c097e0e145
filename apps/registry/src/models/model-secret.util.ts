import { type EncryptedSecret, type SecretCipher } from '@model-garden/platform';

/** What a model's provider key is bound to. */
export interface ModelSecretBinding {
  id: string;
  workspaceId: string;
  baseUrl: string;
}

/**
 * The associated data of a model's encrypted provider key: the model, its workspace
 * and its base URL. A ciphertext copied to another model, moved to another workspace,
 * or left behind by a base URL changed in the database does not decrypt, so a key can
 * only ever be sent to the endpoint it was given for. Changing the base URL through the
 * API re-encrypts the key in the same transaction (ModelUpdater).
 */
export function modelSecretAad(model: ModelSecretBinding): string {
  return JSON.stringify(['model-garden/model-api-key/v2', model.workspaceId, model.id, model.baseUrl]);
}

/** The associated data before migration 1796294417280 (the model id alone). */
export function legacyModelSecretAad(model: Pick<ModelSecretBinding, 'id'>): string {
  return model.id;
}

export function encryptModelSecret(cipher: SecretCipher, plaintext: string, model: ModelSecretBinding): EncryptedSecret {
  return cipher.encrypt(plaintext, modelSecretAad(model));
}

export function decryptModelSecret(cipher: SecretCipher, secret: EncryptedSecret, model: ModelSecretBinding): string {
  return cipher.decrypt(secret, modelSecretAad(model));
}
