#!/usr/bin/env node
// Prints the one summary line CI reads from one or more Jest --json result files (npm test
// writes one for the unit/integration/e2e run, one for the reliability run, and with
// MG_ALSO_NODE one for the unit/e2e run on a second Node.js version): a line per run, then
// "N passed, N failed" and ", N skipped" when any, summed over the files. Suites that could
// not run count as failed, and so does a run that left no result file. Exit 1 when anything
// failed or no test ran at all.
const { existsSync, readFileSync } = require('node:fs');
const { basename } = require('node:path');

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let total = 0;
const line = (p, f, s) => `${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`;
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
  const runFailed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  const runSkipped = r.numPendingTests + r.numTodoTests;
  passed += r.numPassedTests;
  failed += runFailed;
  skipped += runSkipped;
  total += r.numTotalTests;
  if (files.length > 1) console.log(`  ${basename(file, '.json')}: ${line(r.numPassedTests, runFailed, runSkipped)}`);
}
console.log(line(passed, failed, skipped));
process.exit(failed > 0 || total === 0 ? 1 : 0);
