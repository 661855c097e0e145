export * from './base.command';
export * from './field-errors';
export * from './command-from-job';
