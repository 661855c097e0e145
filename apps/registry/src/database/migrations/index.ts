import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { Deployments1764700000000 } from './1764700000000-deployments';
import { Experiments1765000000000 } from './1765000000000-experiments';
import { Usage64BitCounts1796290593006 } from './1796290593006-usage-64-bit-counts';
import { WorkspacePublicModelsAccess1796294252652 } from './1796294252652-workspace-public-models-access';
import { ModelSecretBinding1796294417280 } from './1796294417280-model-secret-binding';
import { UsageRollupsAndPartitions1796304305602 } from './1796304305602-usage-rollups-and-partitions';
import { ModelValidationProgress1796304461648 } from './1796304461648-model-validation-progress';
import { OutboxTraceparent1796307932157 } from './1796307932157-outbox-traceparent';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  Deployments1764700000000,
  Experiments1765000000000,
  Usage64BitCounts1796290593006,
  WorkspacePublicModelsAccess1796294252652,
  ModelSecretBinding1796294417280,
  UsageRollupsAndPartitions1796304305602,
  ModelValidationProgress1796304461648,
  OutboxTraceparent1796307932157,
];
