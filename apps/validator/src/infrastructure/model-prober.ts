import { type HealthOutcome, type ProbeModel, type ProbeNetwork, type ProbeOptions, runHealthCheck, runValidation, type ValidationOutcome } from '@model-garden/providers';
import { type ValidatorConfig } from '../config/validator.config';

/** Runs the providers library's probes with the validator's deadlines, through the outbound guard. */
export class ModelProber {
  constructor(
    private readonly network: ProbeNetwork,
    private readonly config: ValidatorConfig,
  ) {}

  /** `onProgress` hears each check start and finish. */
  validate(model: ProbeModel, onProgress?: ProbeOptions['onProgress']): Promise<ValidationOutcome> {
    return runValidation(model, { ...this.options(), ...(onProgress ? { onProgress } : {}) });
  }

  healthCheck(model: ProbeModel): Promise<HealthOutcome> {
    return runHealthCheck(model, this.options());
  }

  private options(): ProbeOptions {
    return {
      network: this.network,
      timeoutMs: this.config.VALIDATOR_PROBE_TIMEOUT_MS,
      imageTimeoutMs: this.config.VALIDATOR_IMAGE_TIMEOUT_MS,
      connectTimeoutMs: this.config.VALIDATOR_CONNECT_TIMEOUT_MS,
    };
  }
}
