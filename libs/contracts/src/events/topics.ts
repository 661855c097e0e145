/**
 * Kafka topic names. At runtime every name is prefixed with `KAFKA_TOPIC_PREFIX`
 * (see `prefixedTopic`), so that test runs and environments never share a topic.
 * Every topic is keyed by the id of the entity the event is about (model, API key,
 * deployment) so one entity's events stay ordered.
 */
export const TOPICS = {
  /** ModelAdded, ModelUpdated, ModelDeleted, ModelValidationRequested (registry → validator, gateway). */
  models: 'model-garden.models.v1',
  /** ModelValidated, ModelHealthChanged (validator → registry). */
  validation: 'model-garden.validation.v1',
  /** ApiKeyRevoked (registry → gateway). */
  apiKeys: 'model-garden.api-keys.v1',
  /** DeploymentPublished, DeploymentDeleted (registry → gateway), keyed by deployment id. */
  deployments: 'model-garden.deployments.v1',
  /** UsageRecorded (gateway → registry). */
  usage: 'model-garden.usage.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly TopicName[] = Object.values(TOPICS);

export function prefixedTopic(prefix: string, topic: TopicName): string {
  return `${prefix}${topic}`;
}
