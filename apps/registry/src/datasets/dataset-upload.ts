import { type NestFastifyApplication } from '@nestjs/platform-fastify';

/** Content types of a dataset file: the body reaches the import use case as a stream, unread. */
export const DATASET_FILE_CONTENT_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/plain', 'application/octet-stream'];

/** The one route that takes a file body: `POST /v1/datasets/{id}/import` (query string allowed). */
const IMPORT_ROUTE = /^\/v1\/datasets\/[^/?#]+\/import(?:[?#]|$)/;

/**
 * Lets `POST /v1/datasets/{id}/import` read its file as it arrives: these content
 * types are passed through as the raw request stream (the use case bounds its bytes
 * and rows), while JSON bodies keep the registry's small body limit. Every other route
 * answers such a body with 415 before reading it: a stream must never reach a route
 * that expects a JSON object.
 */
export function registerDatasetFileParsers(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(DATASET_FILE_CONTENT_TYPES, (request, payload, done) => {
      if (request.method === 'POST' && IMPORT_ROUTE.test(request.url)) {
        done(null, payload);
        return;
      }
      done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }), undefined);
    });
}
