import { type NestFastifyApplication } from '@nestjs/platform-fastify';

/** Content types of a dataset file: the body reaches the import use case as a stream, unread. */
export const DATASET_FILE_CONTENT_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/plain', 'application/octet-stream'];

/**
 * Lets `POST /v1/datasets/{id}/import` read its file as it arrives: these content
 * types are passed through as the raw request stream (the use case bounds its bytes
 * and rows), while JSON bodies keep the registry's small body limit.
 */
export function registerDatasetFileParsers(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(DATASET_FILE_CONTENT_TYPES, (_request, payload, done) => done(null, payload));
}
