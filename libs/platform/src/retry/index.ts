export type { ExponentialBackoff } from './backoff';
export { exponentialBackoffMs } from './backoff';
