'use strict';
// The course's own test runner (jest.config.ts `runner`): jest's default runner, in two phases.
//
// Most test files use one core or wait (a unit test, a hang that must be seen to end, a single
// check), so they share the two cores: jest's workers run them side by side. A few files grade a
// whole class or the whole course and keep both cores busy by themselves; beside another file they
// would only slow each other down and squeeze the time limits of the jobs they grade. Those files
// say so in a docblock pragma, `@runAlone <why>`, and run afterwards, one at a time, in jest's own
// process (as `--runInBand` runs every file).

const fs = require('fs');
const { default: TestRunner } = require('jest-runner');

/** The pragma, on a line of the file's first comment block: ` * @runAlone <why>`. */
const RUN_ALONE = /^[ \t]*\*[ \t]*@runAlone[ \t]+\S/m;
/** The docblock is at the top of the file: what is past its first few lines is not read. */
const HEAD_BYTES = 4096;

/** Whether a test file asks to run alone (its head holds the pragma). */
function runsAlone(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const read = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
    const text = head.subarray(0, read).toString('utf8');
    const docblock = /^\s*\/\*\*[\s\S]*?\*\//.exec(text);
    return docblock !== null && RUN_ALONE.test(docblock[0]);
  } finally {
    fs.closeSync(fd);
  }
}

class AloneLastRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (options.serial) return super.runTests(tests, watcher, options);
    const alone = tests.filter((test) => runsAlone(test.path));
    const shared = tests.filter((test) => !alone.includes(test));
    if (shared.length > 0) await super.runTests(shared, watcher, options);
    if (alone.length > 0 && !watcher.isInterrupted())
      await super.runTests(alone, watcher, { ...options, serial: true });
  }
}

module.exports = AloneLastRunner;
module.exports.runsAlone = runsAlone;
