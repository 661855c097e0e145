import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { Deployments1764700000000 } from './1764700000000-deployments';
import { Experiments1765000000000 } from './1765000000000-experiments';
import { Usage64BitCounts1796290593006 } from './1796290593006-usage-64-bit-counts';
import { WorkspacePublicModelsAccess1796294252652 } from './1796294252652-workspace-public-models-access';
import { ModelSecretBinding1796294417280 } from './1796294417280-model-secret-binding';
import { AllowedRegions1796304260585 } from './1796304260585-allowed-regions';
import { UsageRegion1796304260586 } from './1796304260586-usage-region';
import { UsageRollupsAndPartitions1796304305602 } from './1796304305602-usage-rollups-and-partitions';
import { ModelValidationProgress1796304461648 } from './1796304461648-model-validation-progress';
import { Budgets1796304489400 } from './1796304489400-budgets';
import { OutboxTraceparent1796307932157 } from './1796307932157-outbox-traceparent';
import { UsageRollupsRegion1796309077855 } from './1796309077855-usage-rollups-region';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  Deployments1764700000000,
  Experiments1765000000000,
  Usage64BitCounts1796290593006,
  WorkspacePublicModelsAccess1796294252652,
  ModelSecretBinding1796294417280,
  AllowedRegions1796304260585,
  UsageRegion1796304260586,
  UsageRollupsAndPartitions1796304305602,
  ModelValidationProgress1796304461648,
  Budgets1796304489400,
  OutboxTraceparent1796307932157,
  UsageRollupsRegion1796309077855,
];
