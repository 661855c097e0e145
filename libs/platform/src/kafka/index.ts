export * from './kafka.factory';
