import { KafkaJSError, KafkaJSProtocolError } from 'kafkajs';
import { isRetriableKafkaError } from './event-consumer';

describe('isRetriableKafkaError', () => {
  const unknownPartition = new KafkaJSProtocolError('This server does not host this topic-partition');

  it('retries what the broker says may pass (a topic just created, a leader being elected)', () => {
    expect(isRetriableKafkaError(unknownPartition)).toBe(true);
    expect(isRetriableKafkaError(new KafkaJSError('connection closed', { retriable: true }))).toBe(true);
  });

  it('sees through the wrapper kafkajs puts around an error it stopped retrying', () => {
    // kafkajs's own wrapper (not exported from its index): not retriable itself, the cause is.
    const { KafkaJSNumberOfRetriesExceeded } = jest.requireActual<{ KafkaJSNumberOfRetriesExceeded: new (cause: Error, meta: { retryCount: number }) => Error & { retriable: boolean } }>('kafkajs/src/errors');
    const gaveUp = new KafkaJSNumberOfRetriesExceeded(unknownPartition, { retryCount: 5 });
    expect(gaveUp.retriable).toBe(false);
    expect(isRetriableKafkaError(gaveUp)).toBe(true);
  });

  it('does not retry a permanent refusal or anything that is not a Kafka error', () => {
    expect(isRetriableKafkaError(Object.assign(new KafkaJSProtocolError('Not authorized to access group'), { retriable: false }))).toBe(false);
    expect(isRetriableKafkaError(new Error('bad configuration'))).toBe(false);
    expect(isRetriableKafkaError(undefined)).toBe(false);
  });
});
