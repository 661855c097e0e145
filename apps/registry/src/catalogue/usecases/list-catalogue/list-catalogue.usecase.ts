import { Injectable } from '@nestjs/common';
import { type ModelView } from '@model-garden/contracts';
import { PublicCatalogue } from '../../public-catalogue.service';
import { PublicModelSettingsRepository } from '../../public-model-settings.repository';
import { type ListCatalogueCommand } from './list-catalogue.command';

/** Every public model with this workspace's choice and its availability. */
@Injectable()
export class ListCatalogueUseCase {
  constructor(
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
  ) {}

  async execute(command: ListCatalogueCommand): Promise<ModelView[]> {
    const enabled = await this.settings.enabledByRef(command.workspaceId);
    const access = await this.settings.hasAccess(command.workspaceId);
    return this.catalogue
      .all()
      .filter((m) => command.provider === undefined || m.provider.id === command.provider)
      .map((m) => this.catalogue.toView(m, enabled.get(m.ref) ?? true, access));
  }
}
