export * from './experiment.types';
export * from './experiment-events';
