export { createJsonSchemaAjv, jsonSchemaProblems } from './json-schema-check';
