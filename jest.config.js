// `npm test` runs the three tiers as one Jest run so that CI gets one summary.
//  - unit:        *.spec.ts beside the code, no services.
//  - integration: *.integration-spec.ts against real PostgreSQL, Redis and Kafka.
//  - e2e:         *.e2e-spec.ts against the real processes started by the e2e setup.
/** @type {import('jest').Config} */
module.exports = {
  projects: ['<rootDir>/tools/jest/unit.config.js', '<rootDir>/tools/jest/integration.config.js', '<rootDir>/tools/jest/e2e.config.js'],
};
