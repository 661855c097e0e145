import { ERROR_CODES } from '@model-garden/contracts';
import { GatewayError } from '../shared/gateway.exception';
import { assertRegionAllowed } from './region-policy.util';

describe('assertRegionAllowed', () => {
  it('lets every region through for a key without a policy', () => {
    expect(() => assertRegionAllowed({ allowedRegions: null }, { region: 'us' }, 'groq/llama')).not.toThrow();
    expect(() => assertRegionAllowed({ allowedRegions: null }, { region: 'eu' }, 'groq/llama')).not.toThrow();
  });

  it('lets a model of an allowed region through', () => {
    expect(() => assertRegionAllowed({ allowedRegions: ['eu'] }, { region: 'eu' }, 'acme@openailike/eu-chat')).not.toThrow();
  });

  it("refuses a model outside the key's regions with a 403 region_not_allowed naming its region and the allowed ones", () => {
    let caught: unknown;
    try {
      assertRegionAllowed({ allowedRegions: ['eu'] }, { region: 'us' }, 'acme@openailike/us-chat');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    const error = caught as GatewayError;
    expect(error.status).toBe(403);
    expect(error.toBody().error).toMatchObject({ type: 'permission_error', code: ERROR_CODES.regionNotAllowed, param: 'model' });
    expect(error.message).toContain('"acme@openailike/us-chat" is in region "us"');
    expect(error.message).toContain('("eu")');
  });

  it('refuses every model for a key whose regions and its workspace’s have nothing in common', () => {
    expect(() => assertRegionAllowed({ allowedRegions: [] }, { region: 'eu' }, 'm')).toThrow(/outside the regions this workspace API key may use \(none\)/);
  });
});
