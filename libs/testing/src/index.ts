export * from './run-id';
export * from './infrastructure';
export * from './run-resources';
export * from './mock-provider-process';
export * from './compose';
export * from './workspace-root';
export * from './compose-platform-service';
export * from './dead-letter-tap';
