import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The live progress of a model's validation (the latest ModelValidationProgress event of
 * its current revision), shown as `progress` by GET /v1/models/{id} and the ?wait answers.
 */
export class ModelValidationProgress1796304461648 implements MigrationInterface {
  name = 'ModelValidationProgress1796304461648';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE models ADD COLUMN validation_progress jsonb');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE models DROP COLUMN validation_progress');
  }
}
