import * as contracts from '@model-garden/contracts';
import * as studio from './deployment-types';

// The values the studio repeats (it may import only types from the contracts' index) are the contracts' own.
describe('deployment values repeated in the studio', () => {
  it('match libs/contracts', () => {
    expect(studio.DEPLOYMENT_KEY_PATTERN.source).toBe(contracts.DEPLOYMENT_KEY_PATTERN.source);
    expect(studio.VARIANT_KEY_PATTERN.source).toBe(contracts.VARIANT_KEY_PATTERN.source);
    expect(studio.TEMPLATE_VARIABLE_PATTERN.source).toBe(contracts.TEMPLATE_VARIABLE_PATTERN.source);
    expect(studio.TEMPLATE_MESSAGE_ROLES).toEqual(contracts.TEMPLATE_MESSAGE_ROLES);
    expect(studio.ROUTING_OPERATORS).toEqual(contracts.ROUTING_OPERATORS);
    expect(studio.DEPLOYMENT_HEADERS).toEqual(contracts.DEPLOYMENT_HEADERS);
  });
});
