export * from './base.command';
export * from './field-errors';
