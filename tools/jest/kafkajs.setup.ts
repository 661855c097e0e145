// The tests' own kafkajs clients (harnesses, dead-letter taps) without kafkajs's idle 1 ms
// timer per broker connection, as the services' clients (createKafka) are.
// eslint-disable-next-line @nx/enforce-module-boundaries -- one file of libs/platform that imports only kafkajs
import { fixKafkaRequestQueuePolling } from '../../libs/platform/src/kafka/request-queue-fix';

fixKafkaRequestQueuePolling();
