import { describeRegions, effectiveRegions, isRegion, regionAllowed, regionRefusal, regionsOutside } from './region-policy';

describe('region policy', () => {
  it("narrows the workspace's regions by the key's, never widens them", () => {
    expect(effectiveRegions(null, null)).toBeNull();
    expect(effectiveRegions(['eu'], null)).toEqual(['eu']);
    expect(effectiveRegions(null, ['us'])).toEqual(['us']);
    expect(effectiveRegions(['eu'], ['eu', 'us'])).toEqual(['eu']);
    expect(effectiveRegions(['eu'], ['us'])).toEqual([]);
  });

  it('allows a region when there is no policy or the policy names it', () => {
    expect(regionAllowed('us', null)).toBe(true);
    expect(regionAllowed('eu', ['eu'])).toBe(true);
    expect(regionAllowed('us', ['eu'])).toBe(false);
    expect(regionAllowed('eu', [])).toBe(false);
  });

  it('lists the regions outside a policy', () => {
    expect(regionsOutside(['eu', 'us'], ['eu'])).toEqual(['us']);
    expect(regionsOutside(['eu', 'us'], null)).toEqual([]);
  });

  it('says which regions, in words, and names the model, its region and the allowed ones in a refusal', () => {
    expect(describeRegions(['eu'])).toBe('"eu"');
    expect(describeRegions(['us', 'eu'])).toBe('"us" and "eu"');
    expect(describeRegions([])).toBe('none');
    expect(regionRefusal('openai/gpt-4o-mini', 'us', ['eu'])).toMatch(/^Model "openai\/gpt-4o-mini" is in region "us", outside the regions this workspace API key may use \("eu"\)\./);
    expect(isRegion('eu')).toBe(true);
    expect(isRegion('apac')).toBe(false);
  });
});
