import { Injectable } from '@nestjs/common';
import { MODEL_KEY_PATTERN, type ModelStatus, type ModelValidationView, PRIVATE_MODEL_PROVIDER, type ValidationProgress } from '@model-garden/contracts';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, MoreThan, Repository } from 'typeorm';
import { RegistryException } from '../shared/registry.exception';
import { isUuid } from '../shared/pg-errors.util';
import { ModelEntity } from './model.entity';
import { suggestFreeKey } from './model-rules.util';

export const MODEL_KEY_CONSTRAINT = 'uq_models_workspace_key';

/** The workspace a lookup is confined to. */
export interface WorkspaceScope {
  workspaceId: string;
  workspaceSlug: string;
}

function whereFor(scope: WorkspaceScope, idOrRef: string): { workspaceId: string; id?: string; key?: string } | undefined {
  if (isUuid(idOrRef)) return { workspaceId: scope.workspaceId, id: idOrRef };
  const marker = `@${PRIVATE_MODEL_PROVIDER}/`;
  const at = idOrRef.indexOf(marker);
  const key = at >= 0 ? (idOrRef.slice(0, at) === scope.workspaceSlug ? idOrRef.slice(at + marker.length) : '') : idOrRef;
  return MODEL_KEY_PATTERN.test(key) ? { workspaceId: scope.workspaceId, key } : undefined;
}

/** A status change from a validation or health event, for one revision of one model. */
export interface StatusEvent {
  modelId: string;
  workspaceId: string;
  revision: number;
  status: ModelStatus;
  statusMessage: string | null;
  /** The event's time: an event older than the last one applied to the revision changes nothing. */
  eventTime: Date;
}

/** The statuses of a model in service: health checks move it between them. */
const IN_SERVICE: ModelStatus[] = ['active', 'degraded'];

/** Every read of the models table is scoped by workspace here, but the cross-workspace queries of the platform services, named as such. */
@Injectable()
export class ModelRepository {
  constructor(@InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>) {}

  /**
   * The model named by its id, its key or its ref (`<slug>@openailike/<key>`), or a
   * 404 that looks the same whether it is missing or another workspace's.
   */
  async getInWorkspace(scope: WorkspaceScope, idOrRef: string, manager?: EntityManager, lock = false): Promise<ModelEntity> {
    const model = await this.findInWorkspace(scope, idOrRef, manager, lock);
    if (!model) throw RegistryException.notFound('model');
    return model;
  }

  /** `lock`: true locks the row for an update; 'share' keeps it from changing or going away until the transaction ends. */
  async findInWorkspace(scope: WorkspaceScope, idOrRef: string, manager?: EntityManager, lock: boolean | 'share' = false): Promise<ModelEntity | null> {
    const where = whereFor(scope, idOrRef);
    if (!where) return null;
    const mode = lock === 'share' ? ('pessimistic_read' as const) : lock ? ('pessimistic_write' as const) : undefined;
    return (manager ?? this.models.manager).findOne(ModelEntity, { where, ...(mode ? { lock: { mode } } : {}) });
  }

  /** Keys of the workspace's deployments whose current version uses the model (as a variant's model or a fallback). */
  async deploymentsUsing(manager: EntityManager, workspaceId: string, modelId: string): Promise<string[]> {
    const rows: Array<{ key: string }> = await manager.query(
      `SELECT d.key FROM deployments d
         JOIN deployment_versions v ON v.deployment_id = d.id AND v.version = d.current_version
        WHERE d.workspace_id = $1 AND v.model_ids @> ARRAY[$2]::text[]
        ORDER BY d.key`,
      [workspaceId, modelId],
    );
    return rows.map((row) => row.key);
  }

  /** The workspace's models among `ids` (ids of other workspaces' models are left out). */
  async findManyInWorkspace(workspaceId: string, ids: readonly string[]): Promise<ModelEntity[]> {
    return ids.length === 0 ? [] : this.models.find({ where: { workspaceId, id: In([...ids]) } });
  }

  async findById(id: string): Promise<ModelEntity | null> {
    return isUuid(id) ? this.models.findOneBy({ id }) : null;
  }

  async findByKey(workspaceId: string, key: string): Promise<ModelEntity | null> {
    return this.models.findOneBy({ workspaceId, key });
  }

  /** The 409 for a key that is taken, with a free key to use instead. */
  async keyConflict(workspaceId: string, key: string): Promise<RegistryException> {
    const rows: { key: string }[] = await this.models.query(`SELECT key FROM models WHERE workspace_id = $1 AND (key = $2 OR key LIKE $3)`, [
      workspaceId,
      key,
      `${key.slice(0, 50).replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    ]);
    const suggestion = suggestFreeKey(key, new Set(rows.map((r) => r.key)));
    const message = `A model with key "${key}" already exists in this workspace; choose another key, for example "${suggestion}".`;
    return RegistryException.conflict(message, [{ field: 'key', message }], suggestion);
  }

  /** Private models in service across workspaces, by id after `afterId`: the validator's health-check pages. No credentials. */
  async listInService(afterId: string, limit: number): Promise<Pick<ModelEntity, 'id' | 'workspaceId' | 'revision' | 'type' | 'status'>[]> {
    return this.models.find({
      select: { id: true, workspaceId: true, revision: true, type: true, status: true },
      where: { status: In(IN_SERVICE), id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /**
   * Applies a validation result (with its checks and capabilities) to the revision it was
   * computed for, if it is newer than the last event applied to it. One conditional
   * UPDATE decides, so replicas consuming concurrently cannot both apply. True when applied.
   */
  async applyValidationResult(manager: EntityManager, event: StatusEvent, validation: ModelValidationView): Promise<boolean> {
    return this.applyStatusEvent(manager, event, { validation });
  }

  /**
   * Keeps a validation progress of the model's current revision if it is newer (by
   * attempt, then sequence) than the one kept: a duplicate or a late event of an earlier
   * attempt changes nothing. One conditional UPDATE decides. True when applied.
   */
  async applyValidationProgress(modelId: string, workspaceId: string, progress: ValidationProgress): Promise<boolean> {
    const result = await this.models
      .createQueryBuilder()
      .update(ModelEntity)
      .set({ validationProgress: progress })
      .where('id = :id AND workspace_id = :workspaceId AND revision = :revision', { id: modelId, workspaceId, revision: progress.revision })
      .andWhere(
        `(validation_progress IS NULL OR (validation_progress->>'revision')::int <> :revision
          OR (validation_progress->>'attempt')::int < :attempt
          OR ((validation_progress->>'attempt')::int = :attempt AND (validation_progress->>'sequence')::int < :sequence))`,
        { attempt: progress.attempt, sequence: progress.sequence },
      )
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Moves a model in service between `active` and `degraded`, for its current revision; never a model still validating or failed. */
  async applyHealthChange(manager: EntityManager, event: StatusEvent): Promise<boolean> {
    return this.applyStatusEvent(manager, event, {}, IN_SERVICE);
  }

  private async applyStatusEvent(manager: EntityManager, event: StatusEvent, extra: Partial<Pick<ModelEntity, 'validation'>>, onlyFrom?: ModelStatus[]): Promise<boolean> {
    const query = manager
      .createQueryBuilder()
      .update(ModelEntity)
      .set({ status: event.status, statusMessage: event.statusMessage, statusEventAt: event.eventTime, updatedAt: () => 'now()', ...extra })
      .where('id = :id AND workspace_id = :workspaceId AND revision = :revision', { id: event.modelId, workspaceId: event.workspaceId, revision: event.revision })
      .andWhere('(status_event_at IS NULL OR status_event_at < :eventTime)', { eventTime: event.eventTime });
    if (onlyFrom) query.andWhere('status IN (:...onlyFrom)', { onlyFrom });
    const result = await query.execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Locks (SKIP LOCKED) up to `limit` models that have been `validating` for more than
   * `seconds` since their last event reached Kafka: while a model's event is still in the
   * outbox (Kafka down) or was published recently, the validator may still answer.
   */
  async lockStuckValidating(manager: EntityManager, seconds: number, limit: number): Promise<ModelEntity[]> {
    const stuck: Array<{ id: string }> = await manager.query(
      `SELECT m.id FROM models m
        WHERE m.status = 'validating' AND m.updated_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (
            SELECT 1 FROM outbox o
             WHERE o.message_key = m.id::text AND (o.published_at IS NULL OR o.published_at > now() - make_interval(secs => $1)))
        ORDER BY m.updated_at LIMIT $2 FOR UPDATE OF m SKIP LOCKED`,
      [seconds, limit],
    );
    if (stuck.length === 0) return [];
    return manager.find(ModelEntity, { where: { id: In(stuck.map((row) => row.id)) } });
  }
}
