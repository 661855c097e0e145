import { Injectable } from '@nestjs/common';
import { type ApiKeyRevokedData, EVENT_TYPES, type Region, TOPICS } from '@model-garden/contracts';
import { SecretCipher } from '@model-garden/platform';
import { type EntityManager } from 'typeorm';
import { ApiKeyIssuer } from '../api-keys/api-key-issuer.service';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { RegistryConfig } from '../config/registry.config';
import { OutboxService } from '../outbox/outbox.service';
import { type RunEntity } from './run.entity';

/**
 * A run's gateway credential: a workspace API key with scope `inference` only, minted
 * when the run (or a re-run) starts and expiring after EXPERIMENT_CREDENTIAL_TTL_HOURS,
 * kept encrypted (the run id as associated data) so the registry can hand it to the
 * experiment worker over gRPC, and revoked (ApiKeyRevoked to the gateways) when the
 * run ends. It never travels in Kafka, logs or REST answers.
 */
@Injectable()
export class RunCredentials {
  constructor(
    private readonly issuer: ApiKeyIssuer,
    private readonly keys: ApiKeyRepository,
    private readonly cipher: SecretCipher,
    private readonly outbox: OutboxService,
    private readonly config: RegistryConfig,
  ) {}

  /**
   * Mints a new credential in the caller's transaction and sets it on `run` (not saved). The previous one, if any, is revoked.
   * `allowedRegions`: the starting key's own, so a run never uses a region its starter may not.
   */
  async mint(manager: EntityManager, run: RunEntity, label: string, allowedRegions: Region[] | null = null): Promise<void> {
    await this.revoke(manager, run);
    const expiresAt = new Date(Date.now() + this.config.EXPERIMENT_CREDENTIAL_TTL_HOURS * 3_600_000);
    const key = await this.issuer.issue(manager, { workspaceId: run.workspaceId, label: label.slice(0, 100), scopes: ['inference'], expiresAt, allowedRegions });
    const secret = this.cipher.encrypt(key.key, run.id);
    run.credentialApiKeyId = key.id;
    run.credentialCiphertext = secret.ciphertext;
    run.credentialKeyId = secret.keyId;
    run.credentialExpiresAt = expiresAt;
  }

  /** Revokes the run's credential in the caller's transaction and clears it from `run` (not saved). */
  async revoke(manager: EntityManager, run: RunEntity): Promise<void> {
    const id = run.credentialApiKeyId;
    run.credentialApiKeyId = null;
    run.credentialCiphertext = null;
    run.credentialKeyId = null;
    run.credentialExpiresAt = null;
    if (!id) return;
    const key = await this.keys.revoke(manager, id);
    if (!key) return;
    const data: ApiKeyRevokedData = { apiKeyId: key.id, workspaceId: key.workspaceId, prefix: key.prefix };
    await this.outbox.append(manager, TOPICS.apiKeys, EVENT_TYPES.apiKeyRevoked, key.id, data);
  }

  /** The credential in clear, for the gRPC answer to the experiment worker; undefined when the run has none (ended). */
  reveal(run: RunEntity): { apiKey: string; expiresAt: Date } | undefined {
    if (!run.credentialCiphertext || !run.credentialKeyId || !run.credentialExpiresAt) return undefined;
    return { apiKey: this.cipher.decrypt({ keyId: run.credentialKeyId, ciphertext: run.credentialCiphertext }, run.id), expiresAt: run.credentialExpiresAt };
  }
}
