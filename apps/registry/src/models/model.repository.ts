import { Injectable } from '@nestjs/common';
import { PRIVATE_MODEL_PROVIDER } from '@model-garden/contracts';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { RegistryException } from '../shared/registry.exception';
import { isUuid } from '../shared/pg-errors.util';
import { ModelEntity } from './model.entity';
import { MODEL_KEY_PATTERN, suggestFreeKey } from './model-rules.util';

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

/** Every read of the models table is scoped by workspace here. */
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
}
