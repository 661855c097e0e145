/** CloudEvents `type` values. One constant per event; never a string literal in an app. */
export const EVENT_TYPES = {
  modelAdded: 'model-garden.model.added',
  modelUpdated: 'model-garden.model.updated',
  modelDeleted: 'model-garden.model.deleted',
  modelValidationRequested: 'model-garden.model.validation-requested',
  modelValidationProgress: 'model-garden.model.validation-progress',
  modelValidated: 'model-garden.model.validated',
  modelHealthChanged: 'model-garden.model.health-changed',
  apiKeyRevoked: 'model-garden.api-key.revoked',
  deploymentPublished: 'model-garden.deployment.published',
  deploymentDeleted: 'model-garden.deployment.deleted',
  usageRecorded: 'model-garden.usage.recorded',
  experimentRunRequested: 'model-garden.experiment-run.requested',
  experimentRunCancelled: 'model-garden.experiment-run.cancelled',
  experimentCellCompleted: 'model-garden.experiment-cell.completed',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
