import { pricingErrors } from '@model-garden/contracts';
import { loadPublicCatalogue } from './public-catalogue.service';

describe('public-models.json', () => {
  const file = loadPublicCatalogue();

  it('loads and lists OpenAI-compatible providers with https base URLs and a credential variable each', () => {
    expect(file.providers.map((p) => p.id)).toEqual(expect.arrayContaining(['openai', 'groq', 'together', 'mistral']));
    for (const provider of file.providers) {
      expect(provider.baseUrl).toMatch(/^https:\/\//);
      expect(provider.credentialEnv).toMatch(/_API_KEY$/);
    }
  });

  it('prices every model the way its type is priced', () => {
    for (const provider of file.providers) {
      for (const model of provider.models) {
        expect([`${provider.id}/${model.key}`, pricingErrors(model.type, model.pricing)]).toEqual([`${provider.id}/${model.key}`, []]);
        if (model.type === 'image') expect(model.pricing.perImage).toBeGreaterThan(0);
        else expect(model.pricing.inputPerMillionTokens).toBeGreaterThan(0);
      }
    }
  });
});
