import { Injectable } from '@nestjs/common';
import { type BudgetScopeKind } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { DeploymentRepository } from '../deployments/deployment.repository';
import { ModelRepository } from '../models/model.repository';
import { isUuid } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';

/** A public catalogue model's ref, `provider/model`. */
const PUBLIC_MODEL_REF = /^[a-z0-9][a-z0-9-]*\/[A-Za-z0-9._:-]+$/;

/**
 * Checks that a budget's scope names something of the caller's workspace and returns
 * the id the gateway matches requests on: the API key id, the private model's id (a key
 * or ref is accepted and turned into the id) or a public `provider/model`, the deployment id.
 */
@Injectable()
export class BudgetScopeTargets {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly models: ModelRepository,
    private readonly deployments: DeploymentRepository,
  ) {}

  async resolve(auth: AuthContext, kind: BudgetScopeKind, targetId: string | null | undefined): Promise<string | null> {
    if (kind === 'workspace' || targetId === null || targetId === undefined) return null;
    switch (kind) {
      case 'api_key':
        if (await this.keys.existsInWorkspace(auth.workspaceId, targetId)) return targetId;
        throw RegistryException.field('scope.targetId', `scope.targetId: this workspace has no API key "${targetId}" (GET /v1/api-keys lists them)`);
      case 'model': {
        const model = await this.models.findInWorkspace({ workspaceId: auth.workspaceId, workspaceSlug: auth.workspaceSlug }, targetId);
        if (model) return model.id;
        if (PUBLIC_MODEL_REF.test(targetId)) return targetId;
        throw RegistryException.field('scope.targetId', `scope.targetId: this workspace has no model "${targetId}" (a model id, key or ref, or a public provider/model)`);
      }
      case 'deployment': {
        const deployment = isUuid(targetId) ? await this.deployments.findById(auth.workspaceId, targetId) : await this.deployments.getByKey(auth.workspaceId, targetId).catch(() => null);
        if (deployment) return deployment.id;
        throw RegistryException.field('scope.targetId', `scope.targetId: this workspace has no deployment "${targetId}" (its id or key)`);
      }
    }
  }
}
