import { type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { type DatasetImportResult, IMPORT_PREVIEW_ROWS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryConfig } from '../../../config/registry.config';
import { parseDatasetFile } from '../../dataset-file.parser';
import { toDatasetView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type ImportDatasetCommand } from './import-dataset.command';
import { DatapointRepository } from '../../datapoint.repository';

/**
 * Imports a JSONL or CSV file: every row is read and checked first (the stream is
 * parsed as it arrives, bounded in bytes and rows), then all of them are written in
 * one transaction as one new revision. A bad row refuses the whole file. A dry run
 * checks the file the same way and answers its first rows, writing nothing.
 */
@Injectable()
export class ImportDatasetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
    private readonly config: RegistryConfig,
  ) {}

  /** `file` is the request body, read as it arrives. */
  async execute(command: ImportDatasetCommand, file: Readable): Promise<DatasetImportResult> {
    // 404 before reading a large body for nothing.
    const current = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId);
    const rows = await parseDatasetFile(file, command.format, { maxBytes: this.config.DATASET_IMPORT_MAX_BYTES, maxRows: this.config.DATASET_MAX_ROWS });
    const preview = rows.slice(0, IMPORT_PREVIEW_ROWS);
    if (command.dryRun) {
      return { dataset: toDatasetView(current, await this.datapoints.inputKeys(current.id)), imported: 0, rows: rows.length, dryRun: true, preview };
    }
    const dataset = await this.dataSource.transaction(async (manager) => {
      const found = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId, manager, true);
      const revision = this.datasets.nextRevision(found);
      let start = 0;
      if (command.mode === 'replace') await this.datapoints.closeVersions(manager, found.id, revision);
      else start = await this.datapoints.nextPosition(manager, found.id);
      await this.datapoints.insertVersions(manager, found.id, revision, start, rows);
      await this.datasets.saveCounts(manager, found, await this.datapoints.countCurrent(manager, found.id));
      return found;
    });
    return { dataset: toDatasetView(dataset, await this.datapoints.inputKeys(dataset.id)), imported: rows.length, rows: rows.length, dryRun: false, preview };
  }
}
