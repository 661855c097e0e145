import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, type ModelPricing, type ModelType, pricingErrors, type Region, TOPICS } from '@model-garden/contracts';
import { type EncryptedSecret, maskSecret, SecretCipher } from '@model-garden/platform';
import { DataSource } from 'typeorm';
import { type AuthContext } from '../auth/auth-context';
import { OutboxService } from '../outbox/outbox.service';
import { isUniqueViolation } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { ModelEntity } from './model.entity';
import { modelChangedData, pricingOf, toModelView } from './model.mapper';
import { type ModelOutcome } from './model-outcome';
import { MODEL_KEY_CONSTRAINT, ModelRepository } from './model.repository';
import { normalizeBaseUrl } from './model-rules.util';
import { ModelStatusWaiter } from './model-status-waiter.service';
import { decryptModelSecret, encryptModelSecret, type ModelSecretBinding, modelSecretAad } from './model-secret.util';

/** What a change may touch; `undefined` leaves a field alone, `null` clears an optional one. */
export interface ModelChanges {
  type?: ModelType;
  baseUrl?: string;
  apiKey?: string;
  name?: string;
  modelId?: string;
  key?: string;
  region?: Region;
  description?: string | null;
  maxTokens?: number | null;
  temperature?: number | null;
  pricing?: ModelPricing | null;
}

export interface ModelChangeOptions {
  /** `always`: re-validate even if nothing that needs it changed (rotation, explicit validation). */
  revalidate: 'if-needed' | 'always';
  event: typeof EVENT_TYPES.modelUpdated | typeof EVENT_TYPES.modelValidationRequested;
  waitSeconds: number;
}

/**
 * Applies a change to a model under a row lock, in one transaction with its
 * outbox event. A change of type, baseUrl, modelId or the API key bumps the
 * revision and puts the model back to `validating`; other fields do not.
 * Concurrent changes of one model are serialised by the lock, so their events
 * reach the outbox in the order they committed.
 */
@Injectable()
export class ModelUpdater {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
    private readonly outbox: OutboxService,
    private readonly models: ModelRepository,
    private readonly waiter: ModelStatusWaiter,
  ) {}

  async apply(auth: AuthContext, id: string, changes: ModelChanges, options: ModelChangeOptions): Promise<ModelOutcome> {
    let result!: ModelEntity;
    let bumped = false;
    try {
      await this.dataSource.transaction(async (manager) => {
        const model = await this.models.getInWorkspace(auth, id, manager, true);
        const stored = { keyId: model.apiKeyKeyId, ciphertext: model.apiKeyCiphertext };
        const bindingBefore = { id: model.id, workspaceId: model.workspaceId, baseUrl: model.baseUrl };
        let keyReplaced = false;
        const changed: string[] = [];
        const needsValidation: string[] = [];
        const set = <K extends keyof ModelEntity>(field: string, property: K, value: ModelEntity[K], revalidates: boolean): void => {
          if (model[property] === value) return;
          model[property] = value;
          changed.push(field);
          if (revalidates) needsValidation.push(field);
        };

        if (changes.type !== undefined) set('type', 'type', changes.type, true);
        if (changes.baseUrl !== undefined) set('baseUrl', 'baseUrl', normalizeBaseUrl(new URL(changes.baseUrl.trim()).href), true);
        if (changes.modelId !== undefined) set('modelId', 'upstreamModelId', changes.modelId, true);
        if (changes.apiKey !== undefined && (options.revalidate === 'always' || !this.holdsSecret(stored, bindingBefore, changes.apiKey))) {
          const secret = encryptModelSecret(this.cipher, changes.apiKey, model);
          keyReplaced = true;
          model.apiKeyCiphertext = secret.ciphertext;
          model.apiKeyKeyId = secret.keyId;
          model.apiKeyHint = maskSecret(changes.apiKey);
          changed.push('apiKey');
          needsValidation.push('apiKey');
        }
        if (changes.name !== undefined) set('name', 'name', changes.name, false);
        if (changes.key !== undefined) set('key', 'key', changes.key, false);
        if (changes.region !== undefined) set('region', 'region', changes.region, false);
        if (changes.description !== undefined) set('description', 'description', changes.description, false);
        if (changes.maxTokens !== undefined) set('maxTokens', 'maxTokens', changes.maxTokens, false);
        if (changes.temperature !== undefined) set('temperature', 'temperature', changes.temperature, false);
        if (changes.pricing !== undefined) {
          const before = JSON.stringify(pricingOf(model));
          model.priceInputPerMillion = changes.pricing?.inputPerMillionTokens ?? null;
          model.priceOutputPerMillion = changes.pricing?.outputPerMillionTokens ?? null;
          model.pricePerImage = changes.pricing?.perImage ?? null;
          if (JSON.stringify(pricingOf(model)) !== before) changed.push('pricing');
        }

        // The key is bound to the base URL: a new base URL re-encrypts the stored key, in this transaction.
        if (!keyReplaced && modelSecretAad(model) !== modelSecretAad(bindingBefore)) {
          const secret = encryptModelSecret(this.cipher, decryptModelSecret(this.cipher, stored, bindingBefore), model);
          model.apiKeyCiphertext = secret.ciphertext;
          model.apiKeyKeyId = secret.keyId;
        }

        const priceProblems = pricingErrors(model.type, pricingOf(model));
        if (priceProblems.length > 0) {
          throw RegistryException.validation(
            changes.pricing === undefined
              ? priceProblems.map((p) => ({ ...p, message: `${p.message} Send new pricing together with the type change.` }))
              : priceProblems,
          );
        }

        if (changed.length === 0 && options.revalidate !== 'always') {
          result = model;
          return;
        }
        if (needsValidation.length > 0 || options.revalidate === 'always') {
          model.revision += 1;
          model.status = 'validating';
          model.statusMessage = null;
          model.validation = null;
          model.statusEventAt = null;
          bumped = true;
        }
        model.updatedAt = new Date();
        await manager.save(ModelEntity, model, { reload: false });
        await this.outbox.append(manager, TOPICS.models, options.event, model.id, modelChangedData(model, changed));
        result = model;
      });
    } catch (error) {
      if (isUniqueViolation(error, MODEL_KEY_CONSTRAINT) && changes.key !== undefined) throw await this.models.keyConflict(auth.workspaceId, changes.key);
      throw error;
    }

    const settled = bumped && options.waitSeconds > 0 ? await this.waiter.waitForResult(result, options.waitSeconds) : result;
    return { model: toModelView(settled, auth.workspaceSlug), validating: bumped && settled.revision === result.revision && settled.status === 'validating' };
  }

  /** Whether the stored key is this one (a PATCH repeating the key changes nothing). */
  private holdsSecret(stored: EncryptedSecret, binding: ModelSecretBinding, apiKey: string): boolean {
    try {
      return decryptModelSecret(this.cipher, stored, binding) === apiKey;
    } catch {
      return false;
    }
  }
}
