export * from './kafka.factory';
export * from './event-consumer';
