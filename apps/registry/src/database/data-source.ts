import { type SecretCipher } from '@model-garden/platform';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { BudgetAlertEntity } from '../budgets/budget-alert.entity';
import { BudgetLedgerEntryEntity } from '../budgets/budget-ledger-entry.entity';
import { BudgetEntity } from '../budgets/budget.entity';
import { WorkspacePublicModelEntity } from '../catalogue/workspace-public-model.entity';
import { DeploymentVersionEntity } from '../deployments/deployment-version.entity';
import { DeploymentEntity } from '../deployments/deployment.entity';
import { ModelEntity } from '../models/model.entity';
import { OutboxEventEntity } from '../outbox/outbox-event.entity';
import { UsageRecordEntity } from '../usage/usage-record.entity';
import { DatapointEntity } from '../datasets/datapoint.entity';
import { DatasetEntity } from '../datasets/dataset.entity';
import { EvaluatorEntity } from '../evaluators/evaluator.entity';
import { CellEntity } from '../experiments/cell.entity';
import { ExperimentEntity } from '../experiments/experiment.entity';
import { RunEntity } from '../experiments/run.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { withMigrationCipher } from './migration-context';
import { MIGRATIONS } from './migrations';
import { TransactionTracingSubscriber } from './transaction-tracing.subscriber';

/** Every table the registry maps (the schema itself comes only from MIGRATIONS). */
export const ENTITIES = [WorkspaceEntity, ApiKeyEntity, ModelEntity, WorkspacePublicModelEntity, UsageRecordEntity, OutboxEventEntity, DeploymentEntity, DeploymentVersionEntity, DatasetEntity, DatapointEntity, EvaluatorEntity, ExperimentEntity, RunEntity, CellEntity, BudgetEntity, BudgetLedgerEntryEntity, BudgetAlertEntity];

/** The one place the registry's database connection is described (app, migrations command, tests). */
export function dataSourceOptions(url: string, schema: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema,
    entities: ENTITIES,
    subscribers: [TransactionTracingSubscriber],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { options: `-c search_path=${schema}`, max: 10, connectionTimeoutMillis: 5_000, application_name: 'model-garden-registry' },
  };
}

/**
 * Creates the schema if needed and applies pending migrations; returns the names
 * applied. `cipher` (the keyring) is needed by migrations that re-encrypt provider keys.
 * Migrators of one schema run one at a time (a session advisory lock held for the whole
 * run): with replicas each running `migrate` at start, the first applies everything
 * and the others, once it is done, find nothing pending, instead of creating the same
 * tables at once.
 */
export async function runMigrations(url: string, schema: string, options: { cipher?: SecretCipher; migrations?: DataSourceOptions['migrations'] } = {}): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, schema), ...(options.migrations ? { migrations: options.migrations } : {}) });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [`model-garden.migrations.${schema}`]);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await withMigrationCipher(options.cipher, () => dataSource.runMigrations({ transaction: 'each' }));
    return applied.map((m) => m.name);
  } finally {
    // Closing the session releases the lock too, should the unlock fail.
    await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`model-garden.migrations.${schema}`]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
