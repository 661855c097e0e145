import { type VariantInput } from '@model-garden/contracts';
import { type PublicCatalogue } from '../catalogue/public-catalogue.service';
import { type PublicModelSettingsRepository } from '../catalogue/public-model-settings.repository';
import { type ModelEntity } from '../models/model.entity';
import { type ModelRepository } from '../models/model.repository';
import { RegistryException } from '../shared/registry.exception';
import { DeploymentModels } from './deployment-models.service';

function entity(key: string, type: string, capabilities: Record<string, boolean>, status = 'active'): ModelEntity {
  return { id: `id-${key}`, key, type, status, statusMessage: status === 'failed' ? 'The key was refused.' : null, validation: { checks: [], capabilities, validatedAt: null } } as unknown as ModelEntity;
}

const rows: Record<string, ModelEntity> = {
  full: entity('full', 'chat', { chat: true, streaming: true, functionCalling: true, structuredOutput: true, vision: true }),
  basic: entity('basic', 'chat', { chat: true, streaming: true, functionCalling: false, structuredOutput: false, vision: false }),
  nostream: entity('nostream', 'chat', { chat: true, streaming: false }),
  instruct: entity('instruct', 'completion', { completion: true }),
  embed: entity('embed', 'embedding', { embedding: true }),
  fresh: entity('fresh', 'chat', {}, 'validating'),
};

const models = { findInWorkspace: async (_scope: unknown, ref: string) => rows[ref] ?? null } as unknown as ModelRepository;
const catalogue = { find: () => undefined } as unknown as PublicCatalogue;
const service = new DeploymentModels(models, catalogue, {} as PublicModelSettingsRepository);
const scope = { workspaceId: 'w', workspaceSlug: 'acme' };

const variant = (key: string, model: string, extra: Partial<VariantInput> = {}): VariantInput => ({ key, model, messages: [{ role: 'user', content: 'hi' }], ...extra });
const tools = { tools: [{ type: 'function' as const, function: { name: 'f' } }] };

async function refusal(variants: VariantInput[]): Promise<Array<{ field: string; message: string }>> {
  try {
    await service.check(scope, variants);
  } catch (error) {
    if (error instanceof RegistryException) {
      expect(error.httpStatus).toBe(422);
      return error.details ?? [];
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('publish checks', () => {
  it('pins models by id and lists the private ones a version uses', async () => {
    const { views, modelIds } = await service.check(scope, [variant('a', 'full', { fallbacks: [{ model: 'basic' }] }), variant('b', 'fresh')]);
    expect(views[0]!.model).toEqual({ id: 'id-full', ref: 'acme@openailike/full', owner: 'private', type: 'chat', provider: 'openailike' });
    expect(modelIds.sort()).toEqual(['id-basic', 'id-fresh', 'id-full']);
  });

  it.each([
    [variant('t', 'basic', { parameters: tools }), 'lacks function calling'],
    [variant('j', 'basic', { parameters: { responseFormat: { type: 'json_schema', jsonSchema: { name: 'x', schema: {} } } } }), 'lacks structured output'],
    [variant('v', 'basic', { messages: [{ role: 'user', content: [{ type: 'image_url', imageUrl: { url: 'https://x/a.png' } }] }] }), 'lacks vision'],
    [variant('s', 'nostream'), 'lacks streaming'],
    [variant('e', 'embed'), 'is an embedding model'],
    [variant('c', 'instruct', { parameters: tools }), 'completion model, which takes no tools'],
    [variant('m', 'missing'), 'does not exist in this workspace'],
  ])('refuses %j: %s', async (input, reason) => {
    const [problem] = await refusal([input]);
    expect(problem).toEqual({ field: 'variants[0].model', message: expect.stringContaining(`Variant "${input.key}": model "${input.model}"`) });
    expect(problem!.message).toContain(reason);
  });

  it('refuses a fallback of another type, or the model itself, naming the fallback', async () => {
    const problems = await refusal([variant('a', 'full', { fallbacks: [{ model: 'instruct' }, { model: 'full' }] })]);
    expect(problems).toEqual([
      { field: 'variants[0].fallbacks[0].model', message: expect.stringContaining('is a completion model but the variant\'s model is a chat model') },
      { field: 'variants[0].fallbacks[1].model', message: expect.stringContaining('a fallback must be another model') },
    ]);
  });

  it('lets a model that is still validating through (nothing was found missing yet)', async () => {
    await expect(service.check(scope, [variant('a', 'fresh', { parameters: tools })])).resolves.toMatchObject({ modelIds: ['id-fresh'] });
  });
});
