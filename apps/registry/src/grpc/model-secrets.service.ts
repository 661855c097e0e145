import { Injectable } from '@nestjs/common';
import { SecretCipher } from '@model-garden/platform';
import { type ModelEntity } from '../models/model.entity';
import { decryptModelSecret } from '../models/model-secret.util';

/** The only place a provider key is decrypted: for the gRPC answer to a platform service. */
@Injectable()
export class ModelSecrets {
  constructor(private readonly cipher: SecretCipher) {}

  apiKeyOf(model: ModelEntity): string {
    return decryptModelSecret(this.cipher, { keyId: model.apiKeyKeyId, ciphertext: model.apiKeyCiphertext }, model);
  }
}
