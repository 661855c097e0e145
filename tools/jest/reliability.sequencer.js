const Sequencer = require('@jest/test-sequencer').default;
const { basename } = require('node:path');

/** Runs reliability files by name (`01-…`, `02-…`, …, `99-secrets…` last): later files read what earlier ones left. */
class ReliabilitySequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => basename(a.path).localeCompare(basename(b.path)));
  }
}

module.exports = ReliabilitySequencer;
