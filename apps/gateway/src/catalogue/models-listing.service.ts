import { Injectable } from '@nestjs/common';
import { type ModelSummary } from '@model-garden/contracts';
import { type ServerResponse } from 'node:http';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
import { type InboundRequest, sendError, sendJson } from '../http/http-io.util';
import { GatewayError } from '../shared/gateway.exception';
import { ModelResolver } from './model-resolver.service';
import { type ServingModel } from './serving-model';

/** OpenAI's model object, with Model Garden's type and status beside it (clients ignore unknown fields). */
export interface OpenAiModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  name: string;
  type: string;
  status: string;
}

/** `GET /v1/models` and `GET /v1/models/{model}` in OpenAI's shapes, for the caller's workspace. */
@Injectable()
export class ModelsListingService {
  constructor(private readonly models: ModelResolver) {}

  /** `key` is the caller's, admitted by RequestAdmission. */
  async list(request: InboundRequest, key: WorkspaceKey, res: ServerResponse): Promise<void> {
    await this.answer(request, res, async () => {
      const models = await this.models.list(key.workspaceId);
      return { object: 'list', data: models.map((model) => fromSummary(model, key)) };
    });
  }

  async retrieve(request: InboundRequest, key: WorkspaceKey, encodedName: string, res: ServerResponse): Promise<void> {
    await this.answer(request, res, async () => {
      const name = decodeName(encodedName);
      const model = name === '' ? null : await this.models.resolve(key.workspaceId, name);
      if (model === null) throw GatewayError.modelNotFound(name);
      const summary = (await this.models.list(key.workspaceId)).find((candidate) => candidate.id === model.id);
      return fromServing(model, key, summary?.createdAtMs ?? 0);
    });
  }

  private async answer(request: InboundRequest, res: ServerResponse, produce: () => Promise<object>): Promise<void> {
    try {
      sendJson(res, 200, request.id, await produce());
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      sendError(res, request.id, error);
    }
  }
}

function decodeName(raw: string | undefined): string {
  if (raw === undefined) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function ownerOf(owner: string, ref: string, key: WorkspaceKey): string {
  if (owner !== 'public') return key.workspaceSlug || 'workspace';
  const slash = ref.indexOf('/');
  return slash > 0 ? ref.slice(0, slash) : 'public';
}

function fromSummary(model: ModelSummary, key: WorkspaceKey): OpenAiModel {
  return {
    id: model.ref,
    object: 'model',
    created: Math.floor((model.createdAtMs ?? 0) / 1000),
    owned_by: ownerOf(model.owner, model.ref, key),
    name: model.name,
    type: model.type,
    status: model.status,
  };
}

function fromServing(model: ServingModel, key: WorkspaceKey, createdAtMs: number): OpenAiModel {
  return {
    id: model.ref,
    object: 'model',
    created: Math.floor(createdAtMs / 1000),
    owned_by: model.owner === 'public' ? model.provider || ownerOf(model.owner, model.ref, key) : ownerOf(model.owner, model.ref, key),
    name: model.name,
    type: model.type,
    status: model.status,
  };
}
