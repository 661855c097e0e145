import { outsidePolicy, regionRefusalInWords, regionsInWords } from './region-policy';

describe('region policy in the studio', () => {
  it('marks a model outside the allowed regions, and none when every region is allowed', () => {
    expect(outsidePolicy({ region: 'us' }, ['eu'])).toBe(true);
    expect(outsidePolicy({ region: 'eu' }, ['eu'])).toBe(false);
    expect(outsidePolicy({ region: 'us' }, null)).toBe(false);
  });

  it('says the allowed regions in words', () => {
    expect(regionsInWords(null)).toBe('every region');
    expect(regionsInWords([])).toBe('no region');
    expect(regionsInWords(['eu', 'us'])).toBe('Europe and United States');
  });

  it("explains the gateway's, the publish check's and the experiment check's refusals in plain words", () => {
    const gateway = 'Model "acme@openailike/us-chat" is in region "us", outside the regions this workspace API key may use ("eu"). Use a model in an allowed region, or widen allowedRegions in the workspace settings.';
    expect(regionRefusalInWords(gateway)).toBe(
      'acme@openailike/us-chat runs in United States, and this workspace only allows models that run in Europe, so it cannot be used here. Choose a model in an allowed region, or change the allowed regions in Settings.',
    );
    const publish = 'Variant "main": model "us-chat" is in region "us", outside the regions this API key may use ("eu"); use a model in an allowed region (region_not_allowed).';
    expect(regionRefusalInWords(publish)).toMatch(/^us-chat runs in United States, and this workspace only allows models that run in Europe/);
    const column = 'columns[2].deployment: deployment "support" sends variant "main" to model "acme@openailike/us-chat" in region "us", outside the regions this API key may use ("eu").';
    expect(regionRefusalInWords(column)).toMatch(/^acme@openailike\/us-chat runs in United States/);
    expect(regionRefusalInWords('Model "m" is in region "eu", outside the regions this workspace API key may use (none).')).toContain('allows this key no region at all');
    expect(regionRefusalInWords('name must not be blank')).toBeNull();
  });
});
