import { randomBytes } from 'node:crypto';
import { type EventEnvelope, prefixedTopic, type TopicName } from '@model-garden/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { settings } from './stack-client';

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: string;
}

function client(): Kafka {
  return new Kafka({ clientId: `rel-test-${randomBytes(3).toString('hex')}`, brokers: settings.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
}

export function topicOf(name: TopicName): string {
  return prefixedTopic(settings.kafkaTopicPrefix, name);
}

/** Every topic of this run (the whole broker is the run's own). */
export async function runTopics(): Promise<string[]> {
  const admin = client().admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => !t.startsWith('__'));
  } finally {
    await admin.disconnect();
  }
}

/** Every message of the topics, from the beginning to the current end of each partition. */
export async function readTopics(topics: string[], timeoutMs = 60_000): Promise<TopicMessage[]> {
  const kafka = client();
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) ends.set(`${topic}/${p.partition}`, BigInt(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: TopicMessage[] = [];
  if (ends.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `${settings.kafkaGroupPrefix}reader-${randomBytes(4).toString('hex')}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    const remaining = new Set(ends.keys());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length} messages; partitions not finished: ${[...remaining].join(', ')}`)), timeoutMs);
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            messages.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: message.value?.toString('utf8') ?? null,
              headers: JSON.stringify(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]))),
            });
            const id = `${topic}/${partition}`;
            const end = ends.get(id);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(id);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export function envelopes(messages: TopicMessage[]): EventEnvelope[] {
  return messages.flatMap((m) => {
    try {
      return m.value ? [JSON.parse(m.value) as EventEnvelope] : [];
    } catch {
      return [];
    }
  });
}

export async function produce(topic: string, events: EventEnvelope[]): Promise<void> {
  const producer = client().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    // One send per event, in order: a batch would keep the order anyway (same key, same partition).
    for (const event of events) await producer.send({ topic, messages: [{ key: event.subject, value: JSON.stringify(event) }] });
  } finally {
    await producer.disconnect();
  }
}
