import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { WorkspacePublicModelEntity } from './workspace-public-model.entity';

/** Each workspace's enable/disable choices for public models; a model without a row is enabled. */
@Injectable()
export class PublicModelSettingsRepository {
  constructor(@InjectRepository(WorkspacePublicModelEntity) private readonly settings: Repository<WorkspacePublicModelEntity>) {}

  async enabledByRef(workspaceId: string): Promise<Map<string, boolean>> {
    const rows = await this.settings.findBy({ workspaceId });
    return new Map(rows.map((r) => [r.ref, r.enabled]));
  }

  async isEnabled(workspaceId: string, ref: string): Promise<boolean> {
    return (await this.settings.findOneBy({ workspaceId, ref }))?.enabled ?? true;
  }

  async setEnabled(workspaceId: string, ref: string, enabled: boolean): Promise<void> {
    await this.settings.upsert({ workspaceId, ref, enabled, updatedAt: new Date() }, { conflictPaths: ['workspaceId', 'ref'] });
  }
}
