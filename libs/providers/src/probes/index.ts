export * from './probe.types';
export { runValidation, runHealthCheck } from './run-validation';
export { CONNECTIVITY_CHECK } from './connectivity.probe';
export { AUTHENTICATION_CHECK } from './authentication.probe';
export { MODEL_CHECK } from './model.probe';
export { closeMatches } from './close-matches';
export { PROBE_IMAGE_DATA_URL, PROBE_SCHEMA, PROBE_TOOL } from './probe-fixtures';
export { httpsVariant, keyPrefixHint, suggestFix, suggestHttps, withVersionPath } from './suggestion.probe';
