import { CAPABILITIES, CAPABILITIES_BY_TYPE, capabilityEndpoint, matrixKey, parseCapability, parseModelType, PRIMARY_CAPABILITY, UnknownCapabilityError } from './capability';

describe('capabilities', () => {
  it('fails loudly on an unknown capability or type', () => {
    expect(() => parseCapability('chat.telepathy')).toThrow(UnknownCapabilityError);
    expect(() => parseCapability('chat.telepathy')).toThrow('Unknown capability "chat.telepathy"');
    expect(() => matrixKey('nope' as never)).toThrow(UnknownCapabilityError);
    expect(() => capabilityEndpoint('nope' as never)).toThrow(UnknownCapabilityError);
    expect(() => parseModelType('audio')).toThrow('Unknown model type "audio"');
    expect(parseCapability('chat.tools')).toBe('chat.tools');
  });

  it('maps every capability to an endpoint and a matrix key, and every type to its primary capability first', () => {
    for (const capability of CAPABILITIES) {
      expect(capabilityEndpoint(capability)).toBeDefined();
      expect(matrixKey(capability)).toBeDefined();
    }
    for (const [type, list] of Object.entries(CAPABILITIES_BY_TYPE)) {
      expect(list[0]).toBe(PRIMARY_CAPABILITY[type as keyof typeof PRIMARY_CAPABILITY]);
    }
    expect(new Set(CAPABILITIES.map(matrixKey)).size).toBe(CAPABILITIES.length);
  });
});
