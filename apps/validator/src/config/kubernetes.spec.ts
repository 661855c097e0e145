import { SERVICE_TOKEN_VARIABLES } from '@model-garden/contracts';
import { parseOutboundAllowlist } from '@model-garden/platform';
import { describeKubernetesDeployment } from '@model-garden/testing';
import { ValidatorConfig } from './validator.config';

// deploy/kubernetes cannot be applied here (no cluster): check the validator's Deployment
// against its real config validation, ports and health endpoints instead.
describeKubernetesDeployment(ValidatorConfig, (config) => parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST), {
  app: 'validator',
  hostVariable: 'VALIDATOR_HOST',
  portVariable: 'VALIDATOR_PORT',
  internalHostVariable: 'VALIDATOR_INTERNAL_HOST',
  internalPortVariable: 'VALIDATOR_INTERNAL_PORT',
  readinessPath: '/health/ready',
  defaultShutdownSeconds: new ValidatorConfig().SHUTDOWN_TIMEOUT_SECONDS,
  serviceTokens: [SERVICE_TOKEN_VARIABLES.validator],
});
