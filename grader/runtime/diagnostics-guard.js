'use strict';
// Closes, in every thread of a graded process, the diagnostics that read or change the whole
// process from inside, which Node's permission model leaves open (docs/security.md):
//   - v8.setFlagsFromString changes V8's flags for every isolate of the process, the token
//     vault's included (--allow-natives-syntax, for one, opens V8's internal functions);
//   - heap snapshots (v8.getHeapSnapshot, v8.writeHeapSnapshot, a worker's getHeapSnapshot, one
//     written near the heap limit) show every string of a heap;
//   - process._getActiveHandles and _getActiveRequests hand out the handles the grader's own
//     parts hold (sockets, timers, workers);
//   - promise hooks (async_hooks.createHook, whose init gets each new promise as its resource,
//     async_hooks.executionAsyncResource, v8.promiseHooks) hand out every promise of the thread,
//     the test's own among them: an own `then` defined on it turned the test's failure into the
//     completion the setup's wrapper waits for (forge-promise-hook-then). AsyncLocalStorage
//     (jest-circus uses it) keeps working: it holds Node's own references, not the exports.
// Each becomes a function that throws ERR_ACCESS_DENIED, as the model's refusals do, on the one
// module object every `require('v8')`, `process.getBuiltinModule('v8')` and `import('v8')` of the
// thread shares, non-writable and non-configurable. Installed by runtime/register.js with the
// child guard, before any student code; jest itself needs none of these when it runs tests
// without --detectLeaks or --detectOpenHandles.

const asyncHooks = require('async_hooks');
const v8 = require('v8');
const workerThreads = require('worker_threads');

function refusing(what) {
  return function refused() {
    throw Object.assign(
      new Error(`${what} is not available to graded code: it reads or changes the whole process`),
      { code: 'ERR_ACCESS_DENIED' },
    );
  };
}

function close(target, name, what) {
  if (!(name in target)) return;
  Object.defineProperty(target, name, {
    value: refusing(what),
    writable: false,
    enumerable: false,
    configurable: false,
  });
}

let installed = false;

function install() {
  if (installed) return;
  installed = true;
  for (const name of [
    'setFlagsFromString',
    'getHeapSnapshot',
    'writeHeapSnapshot',
    'setHeapSnapshotNearHeapLimit',
  ])
    close(v8, name, `v8.${name}`);
  close(workerThreads.Worker.prototype, 'getHeapSnapshot', 'worker.getHeapSnapshot');
  close(process, '_getActiveHandles', 'process._getActiveHandles');
  close(process, '_getActiveRequests', 'process._getActiveRequests');
  close(asyncHooks, 'createHook', 'async_hooks.createHook');
  close(asyncHooks, 'executionAsyncResource', 'async_hooks.executionAsyncResource');
  const promiseHooks = {};
  for (const name of ['onInit', 'onSettled', 'onBefore', 'onAfter', 'createHook'])
    promiseHooks[name] = refusing(`v8.promiseHooks.${name}`);
  Object.defineProperty(v8, 'promiseHooks', {
    value: Object.freeze(promiseHooks),
    writable: false,
    enumerable: true,
    configurable: false,
  });
}

module.exports = { install };
