import { Controller, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ClientKafka, EventPattern, type MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { createEnvelope, EVENT_TYPES, type EventEnvelope, prefixedTopic, TOPICS } from '@model-garden/contracts';
import { lastValueFrom } from 'rxjs';

/**
 * Smoke test of the @nestjs/microservices Kafka transport on the real broker: a
 * ClientKafka emits an envelope keyed by model id and a Kafka microservice's
 * @EventPattern handler receives it. Topic and group are unique to this run.
 */
const topic = prefixedTopic(`${process.env['KAFKA_TOPIC_PREFIX']}nest-smoke-`, TOPICS.models);
const brokers = process.env['KAFKA_BROKERS']!.split(',');
const received: EventEnvelope[] = [];

@Controller()
class ModelEventsController {
  @EventPattern(topic)
  handle(@Payload() event: EventEnvelope): void {
    received.push(event);
  }
}

@Module({ controllers: [ModelEventsController] })
class SmokeModule {}

describe('Kafka through @nestjs/microservices', () => {
  const groupId = `${process.env['KAFKA_GROUP_PREFIX']}nest-smoke`;
  let server: Awaited<ReturnType<typeof createServer>>;
  let client: ClientKafka;

  async function createServer() {
    const moduleRef = await Test.createTestingModule({ imports: [SmokeModule] }).compile();
    const app = moduleRef.createNestMicroservice<MicroserviceOptions>({
      transport: Transport.KAFKA,
      options: {
        client: { clientId: 'nest-smoke-server', brokers },
        consumer: { groupId, sessionTimeout: 6_000, heartbeatInterval: 1_000, allowAutoTopicCreation: true },
        subscribe: { fromBeginning: true },
        postfixId: '',
      },
    });
    app.useLogger(false);
    await app.listen();
    return app;
  }

  beforeAll(async () => {
    client = new ClientKafka({ client: { clientId: 'nest-smoke-client', brokers }, producer: { allowAutoTopicCreation: true }, postfixId: '' });
    await client.connect();
    // Create the topic first so the server's subscription finds it.
    await lastValueFrom(client.emit(topic, { key: 'warm-up', value: JSON.stringify({ warmUp: true }) }));
    server = await createServer();
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('delivers an event envelope to an @EventPattern handler', async () => {
    const event = createEnvelope(EVENT_TYPES.modelAdded, '/model-garden/test', 'model-123', { modelId: 'model-123', revision: 1 });
    await lastValueFrom(client.emit(topic, { key: event.subject, value: JSON.stringify(event) }));
    await waitFor(() => received.some((e) => e.id === event.id));
    expect(received.find((e) => e.id === event.id)).toMatchObject({ type: EVENT_TYPES.modelAdded, subject: 'model-123', data: { revision: 1 } });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
