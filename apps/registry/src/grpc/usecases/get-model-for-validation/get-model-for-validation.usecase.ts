import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ResolvedModel } from '@model-garden/contracts';
import { Repository } from 'typeorm';
import { ModelEntity } from '../../../models/model.entity';
import { RegistryException } from '../../../shared/registry.exception';
import { WorkspaceEntity } from '../../../workspaces/workspace.entity';
import { type GetModelForValidationCommand } from './get-model-for-validation.command';
import { ModelSecrets } from '../../model-secrets.service';
import { resolvedPrivateModel } from '../../resolved-model.mapper';

/** The validator's read of a private model (any workspace), with its decrypted key and current revision. */
@Injectable()
export class GetModelForValidationUseCase {
  constructor(
    @InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>,
    @InjectRepository(WorkspaceEntity) private readonly workspaces: Repository<WorkspaceEntity>,
    private readonly secrets: ModelSecrets,
  ) {}

  async execute(command: GetModelForValidationCommand): Promise<ResolvedModel> {
    const model = await this.models.findOneBy({ id: command.modelId });
    if (!model) throw RegistryException.notFound('model');
    const workspace = await this.workspaces.findOneByOrFail({ id: model.workspaceId });
    return resolvedPrivateModel(model, workspace.slug, this.secrets.apiKeyOf(model));
  }
}
