'use strict';
// Lets plain Node run the course's TypeScript: the grader CLI, jest's own process, and every
// worker thread or forked child that student code starts. Workers inherit `--require` through
// execArgv and children through NODE_OPTIONS, so student code runs unchanged everywhere.
//
// It also resolves the two aliases that jest maps, so test-side workers can use them too:
//   @subject/<exercise folder>/<file>  the code under test (GRADER_SUBJECT_ROOT)
//   @course/<path>                     the grader's own modules (testkit and friends)

const path = require('path');
const Module = require('module');
const { compiledSource, graderRoot } = require('./ts-cache');

function aliasTarget(request) {
  if (request.startsWith('@subject/')) {
    const root = process.env.GRADER_SUBJECT_ROOT;
    if (!root)
      throw new Error(`${request}: GRADER_SUBJECT_ROOT is not set (run tests through the grader)`);
    return path.join(root, request.slice('@subject/'.length));
  }
  if (request.startsWith('@course/'))
    return path.join(graderRoot, 'grader', request.slice('@course/'.length));
  return undefined;
}

// A child that forks itself without a working main guard forks again, and so does its child:
// every process that loads this file counts one level deeper, and a chain this deep is stopped
// with a reason instead of filling the machine.
const MAX_PROCESS_DEPTH = 12;
exports.MAX_PROCESS_DEPTH = MAX_PROCESS_DEPTH;
if (require('worker_threads').isMainThread) {
  const depth = Number(process.env.GRADER_PROCESS_DEPTH || 0) + 1;
  process.env.GRADER_PROCESS_DEPTH = String(depth);
  if (depth > MAX_PROCESS_DEPTH) {
    process.stderr.write(
      `stopped: processes nested ${depth} deep, each starting the next. A forked child is running your ` +
        'start-up code again: guard it so that a child only does the task (see the main-guard hint).\n',
    );
    process.exit(1);
  }
}

// jest's own test process (main thread) takes the promise hooks first, before the guard closes them,
// to say where a promise that never settled was made (promise-sites.js; claimed by jest/setup.ts).
if (
  require('worker_threads').isMainThread &&
  process.env.GRADER_SUBJECT_ROOT &&
  /[\\/]jest[\\/]bin[\\/]jest\.js$/.test(process.argv[1] ?? '')
)
  require('./promise-sites').install(process.env.GRADER_SUBJECT_ROOT);

// A graded process (run/permissions.ts puts it under Node's permission model): whatever it starts
// stays under the model too (child-guard.js), and what the model leaves open of V8's and the
// process's diagnostics is closed (diagnostics-guard.js). Its workers install both through
// worker-hook.js.
if (process.permission) {
  require('./child-guard').install();
  require('./diagnostics-guard').install();
}

if (!Module._extensions['.ts']) {
  process.setSourceMapsEnabled(true);
  Module._extensions['.ts'] = function loadTypeScript(module, filename) {
    module._compile(compiledSource(filename), filename);
  };
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveWithAliases(request, ...rest) {
    return resolveFilename.call(this, aliasTarget(request) ?? request, ...rest);
  };
}

// A worker of a test process says on the activity board whether it can still make progress
// (thread-activity.js), so a test whose threads all wait for good ends in a second, not at its limit.
if (!require('worker_threads').isMainThread) require('./thread-activity').joinBoard();
