import { type DatapointView, type DatasetView } from '@model-garden/contracts';
import { type DatapointEntity } from './datapoint.entity';
import { type DatasetEntity } from './dataset.entity';

export function toDatasetView(dataset: DatasetEntity, inputKeys: string[]): DatasetView {
  return {
    id: dataset.id,
    name: dataset.name,
    description: dataset.description,
    rowCount: dataset.rowCount,
    revision: dataset.revision,
    inputKeys,
    createdAt: new Date(dataset.createdAt).toISOString(),
    updatedAt: new Date(dataset.updatedAt).toISOString(),
  };
}

export function toDatapointView(datapoint: DatapointEntity): DatapointView {
  return {
    id: datapoint.datapointId,
    datasetId: datapoint.datasetId,
    position: datapoint.position,
    inputs: datapoint.inputs,
    messages: datapoint.messages,
    expectedOutput: datapoint.expectedOutput,
    metadata: datapoint.metadata,
    revision: datapoint.createdRevision,
    updatedAt: new Date(datapoint.createdAt).toISOString(),
  };
}
