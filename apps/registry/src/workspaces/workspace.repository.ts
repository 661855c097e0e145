import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Like, Repository } from 'typeorm';
import { WorkspaceEntity } from './workspace.entity';

/** Reads of the workspaces table beyond a plain insert. */
@Injectable()
export class WorkspaceRepository {
  constructor(@InjectRepository(WorkspaceEntity) private readonly workspaces: Repository<WorkspaceEntity>) {}

  /** Every slug that starts with `prefix` (taken as text, not as a LIKE pattern). */
  async slugsStartingWith(prefix: string): Promise<Set<string>> {
    const rows = await this.workspaces.find({ select: { slug: true }, where: { slug: Like(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) } });
    return new Set(rows.map((r) => r.slug));
  }
}
