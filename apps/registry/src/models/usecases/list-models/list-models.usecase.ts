import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ModelListPage, MODEL_STATUSES, type ModelStatus, type ModelView } from '@model-garden/contracts';
import { Repository } from 'typeorm';
import { type PublicModel } from '../../../catalogue/public-catalogue.definitions';
import { PublicCatalogue } from '../../../catalogue/public-catalogue.service';
import { PublicModelSettingsRepository } from '../../../catalogue/public-model-settings.repository';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { isUuid } from '../../../shared/pg-errors.util';
import { type ListModelsQueryDto } from '../../dtos/list-models.query.dto';
import { ModelEntity } from '../../model.entity';
import { toModelView } from '../../model.mapper';
import { type ListModelsCommand } from './list-models.command';

const DEFAULT_LIMIT = 50;

/**
 * Private and public models in one list: the workspace's private models first,
 * newest first, then the public catalogue by ref. The cursor says which part and
 * where in it the next page starts, so pages never repeat or skip a model.
 */
@Injectable()
export class ListModelsUseCase {
  constructor(
    @InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>,
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
  ) {}

  async execute(command: ListModelsCommand): Promise<ModelListPage> {
    const { auth, query } = command;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = query.cursor ? decodeCursor(query.cursor, ['part']) : undefined;
    const data: ModelView[] = [];

    if (query.owner !== 'public' && cursor?.['part'] !== 'public') {
      const rows = await this.privatePage(auth.workspaceId, query, limit + 1, cursor);
      if (rows.length > limit) {
        const page = rows.slice(0, limit);
        const last = page[page.length - 1]!;
        return {
          data: page.map((m) => toModelView(m, auth.workspaceSlug)),
          nextCursor: encodeCursor({ part: 'private', createdAt: new Date(last.createdAt).toISOString(), id: last.id }),
        };
      }
      data.push(...rows.map((m) => toModelView(m, auth.workspaceSlug)));
    }

    if (query.owner === 'private') return { data, nextCursor: null };
    const after = cursor?.['part'] === 'public' ? cursor['ref'] : undefined;
    const enabled = await this.settings.enabledByRef(auth.workspaceId);
    const access = await this.settings.hasAccess(auth.workspaceId);
    const views = this.catalogue
      .all()
      .filter((m) => after === undefined || m.ref > after)
      .filter((m) => matchesText(m, query.q) && (!query.type || m.model.type === query.type) && (!query.region || m.provider.region === query.region))
      .map((m) => this.catalogue.toView(m, enabled.get(m.ref) ?? true, access))
      .filter((v) => !query.status || v.status === query.status);
    const room = limit - data.length;
    const page = views.slice(0, room);
    data.push(...page);
    if (views.length <= room) return { data, nextCursor: null };
    return { data, nextCursor: encodeCursor({ part: 'public', ref: page.length > 0 ? page[page.length - 1]!.ref : (after ?? '') }) };
  }

  private privatePage(workspaceId: string, query: ListModelsQueryDto, take: number, cursor: Record<string, string> | undefined): Promise<ModelEntity[]> {
    if (query.status && !MODEL_STATUSES.includes(query.status as ModelStatus)) return Promise.resolve([]);
    const qb = this.models.createQueryBuilder('m').where('m.workspaceId = :workspaceId', { workspaceId });
    if (query.type) qb.andWhere('m.type = :type', { type: query.type });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    if (query.region) qb.andWhere('m.region = :region', { region: query.region });
    if (query.q) {
      qb.andWhere('(m.name ILIKE :q OR m.key ILIKE :q OR m.upstreamModelId ILIKE :q OR m.description ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    }
    if (cursor?.['part'] === 'private') {
      const createdAt = new Date(cursor['createdAt'] ?? '');
      if (Number.isNaN(createdAt.getTime()) || !isUuid(cursor['id'] ?? '')) throw invalidCursor();
      qb.andWhere('(m.createdAt, m.id) < (:createdAt, :id)', { createdAt, id: cursor['id'] });
    }
    return qb.orderBy('m.createdAt', 'DESC').addOrderBy('m.id', 'DESC').limit(take).getMany();
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function matchesText(model: PublicModel, q: string | undefined): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return [model.model.name, model.model.key, model.model.modelId, model.model.description ?? '', model.provider.name].some((t) => t.toLowerCase().includes(needle));
}
