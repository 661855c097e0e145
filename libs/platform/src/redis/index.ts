export * from './redis.factory';
