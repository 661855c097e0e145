import { type Admin } from 'kafkajs';
import { ensureTopics } from './kafka.factory';

type Metadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>;

/** An Admin whose answers are scripted: the topics it lists and, call by call, what metadata says. */
function scriptedAdmin(options: { listed: string[]; create?: () => Promise<boolean>; metadata: Array<Metadata | Error> }): Admin & { created: string[][] } {
  const created: string[][] = [];
  let call = 0;
  return {
    created,
    listTopics: async () => options.listed,
    createTopics: async ({ topics }: { topics: Array<{ topic: string }> }) => {
      created.push(topics.map((t) => t.topic));
      return options.create ? options.create() : true;
    },
    fetchTopicMetadata: async () => {
      const answer = options.metadata[Math.min(call++, options.metadata.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as Admin & { created: string[][] };
}

const led = (...names: string[]): Metadata => ({ topics: names.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: [] }] })) }) as Metadata;
const ledWith = (name: string, count: number): Metadata =>
  ({ topics: [{ name, partitions: Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: [] })) }] }) as Metadata;
const leaderless = (name: string): Metadata => ({ topics: [{ name, partitions: [{ partitionId: 0, leader: -1, replicas: [1], isr: [], partitionErrorCode: 5, offlineReplicas: [] }] }] }) as Metadata;

describe('ensureTopics', () => {
  it('creates only the missing topics and returns once every partition has a leader', async () => {
    const unknown = Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    const admin = scriptedAdmin({ listed: ['a'], metadata: [unknown, leaderless('b'), led('a', 'b')] });
    await ensureTopics(admin, ['a', 'b'], 6);
    expect(admin.created).toEqual([['b']]);
  });

  it('does nothing to create when every topic exists and is led', async () => {
    const admin = scriptedAdmin({ listed: ['a'], metadata: [led('a')] });
    await ensureTopics(admin, ['a'], 1);
    expect(admin.created).toEqual([]);
  });

  it('accepts a creation another replica won (already exists) once the topic is led', async () => {
    const admin = scriptedAdmin({ listed: [], create: () => Promise.reject(new Error('Topic with this name already exists')), metadata: [led('a')] });
    await expect(ensureTopics(admin, ['a'], 1)).resolves.toEqual([]);
  });

  it('names the topics without a leader, and why creating failed, when the wait runs out', async () => {
    const admin = scriptedAdmin({ listed: [], create: () => Promise.reject(new Error('Invalid replication factor')), metadata: [led('a')] });
    await expect(ensureTopics(admin, ['a', 'b'], 1, { timeoutMs: 300 })).rejects.toThrow('Kafka topics b have no leader for every partition after 300 ms (creating them failed: Invalid replication factor)');
  });

  it('leaves a topic with fewer partitions than configured as it is, and warns naming the topic, both counts and how to raise it', async () => {
    const admin = scriptedAdmin({ listed: ['mg.models'], metadata: [ledWith('mg.models', 3)] });
    const warn = jest.fn();
    const fewer = await ensureTopics(admin, ['mg.models'], 6, { logger: { warn } as never });
    expect(admin.created).toEqual([]);
    expect(fewer).toEqual([{ topic: 'mg.models', partitions: 3, configured: 6 }]);
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields, message] = warn.mock.calls[0] as [unknown, string];
    expect(fields).toEqual({ topic: 'mg.models', partitions: 3, configured: 6 });
    expect(message).toContain('Kafka topic mg.models has 3 partitions, fewer than KAFKA_TOPIC_PARTITIONS (6)');
    expect(message).toContain('kafka-topics.sh --alter --topic mg.models --partitions 6');
  });

  it('says nothing about a topic with as many partitions as configured, or more', async () => {
    const admin = scriptedAdmin({ listed: ['a'], metadata: [ledWith('a', 8)] });
    const warn = jest.fn();
    await expect(ensureTopics(admin, ['a'], 6, { logger: { warn } as never })).resolves.toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});
