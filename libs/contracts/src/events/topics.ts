/**
 * Kafka topic names. At runtime every name is prefixed with `KAFKA_TOPIC_PREFIX`
 * (see `prefixedTopic`), so that test runs and environments never share a topic.
 * Every topic is keyed by the id of the entity the event is about (the model, the API
 * key, the deployment, or the run for experiment events) so one entity's events stay ordered.
 */
export const TOPICS = {
  /** ModelAdded, ModelUpdated, ModelDeleted, ModelValidationRequested (registry → validator, gateway). */
  models: 'model-garden.models.v1',
  /** ModelValidationProgress, ModelValidated, ModelHealthChanged (validator → registry). */
  validation: 'model-garden.validation.v1',
  /** ApiKeyRevoked (registry → gateway). */
  apiKeys: 'model-garden.api-keys.v1',
  /** DeploymentPublished, DeploymentDeleted (registry → gateway), keyed by deployment id. */
  deployments: 'model-garden.deployments.v1',
  /** UsageRecorded (gateway → registry). */
  usage: 'model-garden.usage.v1',
  /** ExperimentRunRequested, ExperimentRunCancelled (registry → experiment worker), keyed by run id. */
  experiments: 'model-garden.experiments.v1',
  /** ExperimentCellCompleted (experiment worker → registry), keyed by run id. */
  experimentResults: 'model-garden.experiment-results.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly TopicName[] = Object.values(TOPICS);

export function prefixedTopic(prefix: string, topic: TopicName | DeadLetterTopicName): string {
  return `${prefix}${topic}`;
}

/** What a consumed topic's dead-letter topic appends to its name. */
export const DEAD_LETTER_SUFFIX = '.dlq';

/**
 * Dead-letter topics: a consumer that cannot apply a message for a permanent reason
 * (unparseable, invalid data, a value out of range, a constraint) parks it, unchanged,
 * on `<topic>.dlq` with `mg-dlq-*` headers saying why and where it came from, and moves
 * on. Each consumed topic has one (several consumer groups may write to it; the
 * `mg-dlq-group` header tells them apart).
 */
export const DEAD_LETTER_TOPICS = {
  models: `${TOPICS.models}${DEAD_LETTER_SUFFIX}`,
  validation: `${TOPICS.validation}${DEAD_LETTER_SUFFIX}`,
  apiKeys: `${TOPICS.apiKeys}${DEAD_LETTER_SUFFIX}`,
  deployments: `${TOPICS.deployments}${DEAD_LETTER_SUFFIX}`,
  usage: `${TOPICS.usage}${DEAD_LETTER_SUFFIX}`,
  experiments: `${TOPICS.experiments}${DEAD_LETTER_SUFFIX}`,
  experimentResults: `${TOPICS.experimentResults}${DEAD_LETTER_SUFFIX}`,
} as const satisfies Record<keyof typeof TOPICS, string>;

export type DeadLetterTopicName = (typeof DEAD_LETTER_TOPICS)[keyof typeof DEAD_LETTER_TOPICS];

/** The dead-letter topic of a (possibly prefixed) consumed topic: `<topic>.dlq`. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}

/** Headers a dead-lettered message carries besides its original ones. */
export const DEAD_LETTER_HEADERS = {
  /** A short code: unparseable, invalid, out_of_range, constraint, ... */
  reason: 'mg-dlq-reason',
  /** A one-line explanation without any secret or payload value. */
  error: 'mg-dlq-error',
  topic: 'mg-dlq-topic',
  partition: 'mg-dlq-partition',
  offset: 'mg-dlq-offset',
  group: 'mg-dlq-group',
  /** ISO-8601 time it was parked. */
  time: 'mg-dlq-time',
} as const;
