export * from './experiment.types';
export * from './experiment-events';
export * from './experiment-rules';
export * from './placeholders';
