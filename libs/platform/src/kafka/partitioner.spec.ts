import { randomUUID } from 'node:crypto';
import { type PartitionMetadata, Partitioners } from 'kafkajs';
import { RememberingDefaultPartitioner } from './partitioner';

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));

describe('RememberingDefaultPartitioner', () => {
  it("puts every key where kafkajs's default partitioner does, for every partition count, asked once or many times", () => {
    const ours = RememberingDefaultPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    const keys = [...Array.from({ length: 300 }, () => randomUUID()), 'a', 'ab', 'abc', 'abcd', 'model-1', 'ü-ünïcode', ''];
    for (const count of [1, 2, 3, 6, 7, 12, 50]) {
      const partitionMetadata = metadata(count);
      for (let round = 0; round < 2; round += 1) {
        for (const key of keys) {
          const args = { topic: 'mg.usage', partitionMetadata, message: { key, value: 'v' } };
          expect([count, key, ours(args)]).toEqual([count, key, theirs(args)]);
        }
      }
    }
  });

  it('follows a change in the partition count and keeps topics apart', () => {
    const ours = RememberingDefaultPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    const key = 'model-with-a-long-id-0123456789';
    for (const [topic, count] of [['a', 3], ['b', 12], ['a', 12], ['a', 3]] as const) {
      const args = { topic, partitionMetadata: metadata(count), message: { key, value: 'v' } };
      expect(ours(args)).toBe(theirs(args));
    }
  });

  it('leaves a chosen partition and keyless messages to kafkajs', () => {
    const ours = RememberingDefaultPartitioner();
    const partitionMetadata = metadata(6);
    expect(ours({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 4 } })).toBe(4);
    const spread = new Set(Array.from({ length: 60 }, () => ours({ topic: 't', partitionMetadata, message: { value: 'v' } })));
    // Round robin without a key: every partition gets some.
    expect(spread.size).toBe(6);
  });
});
