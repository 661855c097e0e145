export * from './env-var.decorator';
export * from './load-config';
export * from './common.config';
