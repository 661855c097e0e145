export * from './budget.types';
export * from './budget-period';
export * from './response-cache.types';
