import { Injectable } from '@nestjs/common';
import { SecretCipher } from '@model-garden/platform';
import { type ModelEntity } from '../models/model.entity';

/** The only place a provider key is decrypted: for the gRPC answer to a platform service. */
@Injectable()
export class ModelSecrets {
  constructor(private readonly cipher: SecretCipher) {}

  apiKeyOf(model: ModelEntity): string {
    return this.cipher.decrypt({ keyId: model.apiKeyKeyId, ciphertext: model.apiKeyCiphertext }, model.id);
  }
}
