#!/usr/bin/env node
// Prints the one summary line CI reads from one or more Jest --json result files (npm test
// writes one for the unit/integration/e2e run and one for the reliability run):
// "N passed, N failed" and ", N skipped" when any, summed over the files. Suites that could
// not run count as failed, and so does a run that left no result file. Exit 1 when anything
// failed or no test ran at all.
const { existsSync, readFileSync } = require('node:fs');

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let total = 0;
if (files.length === 0) {
  failed += 1;
  console.error('no Jest result files given');
}
for (const file of files) {
  if (!existsSync(file)) {
    failed += 1;
    console.error(`no Jest results at ${file}`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  skipped += r.numPendingTests + r.numTodoTests;
  total += r.numTotalTests;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || total === 0 ? 1 : 0);
