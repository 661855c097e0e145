import { SERVICE_TOKEN_VARIABLES } from '@model-garden/contracts';
import { describePlatformServiceCompose } from '@model-garden/testing';
import { ValidatorConfig } from './validator.config';

// docker-compose.yml cannot be run here (no Docker engine): check it against the
// validator's real config validation instead.
describePlatformServiceCompose(ValidatorConfig, {
  service: 'validator',
  hostVariable: 'VALIDATOR_HOST',
  portVariable: 'VALIDATOR_PORT',
  tokenVariable: SERVICE_TOKEN_VARIABLES.validator,
  internalPortVariable: 'VALIDATOR_INTERNAL_PORT',
  dependsOn: { redis: 'service_healthy', kafka: 'service_healthy', registry: 'service_healthy' },
});
