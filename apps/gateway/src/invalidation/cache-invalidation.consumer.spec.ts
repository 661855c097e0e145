import { invalidationGroupId } from './cache-invalidation.consumer';

describe('invalidationGroupId', () => {
  it('gives every process a group of its own, even replicas started with the same GATEWAY_INSTANCE_ID', () => {
    const config = { KAFKA_GROUP_ID: 'model-garden-gateway', GATEWAY_INSTANCE_ID: 'gateway' };
    const first = invalidationGroupId(config);
    const second = invalidationGroupId(config);
    expect(first).toMatch(/^model-garden-gateway-gateway-[0-9a-f]{6}$/);
    expect(second).toMatch(/^model-garden-gateway-gateway-[0-9a-f]{6}$/);
    expect(first).not.toBe(second);
  });

  it('names the host and the pid when no instance id is set', () => {
    expect(invalidationGroupId({ KAFKA_GROUP_ID: 'g', GATEWAY_INSTANCE_ID: undefined }, 'abcdef')).toMatch(new RegExp(`^g-.+-${process.pid}-abcdef$`));
  });
});
