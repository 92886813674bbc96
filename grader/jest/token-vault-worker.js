'use strict';
// The token vault (see token-vault.ts): a thread of the test process that holds the pass tokens,
// so that they are never in the main thread's heap, where the student's code runs and where
// v8.getHeapSnapshot() (which Node's permission model does not refuse) would show them. It draws
// one token per planned test, hands them all to the grader, then writes a test's token back when
// the main thread, through memory only the setup holds, says that test completed.
//
// Plain JavaScript. Alone it asks for none of the grader's hooks (under the permission model the
// setup's worker guard, runtime/child-guard.js, gives every thread its worker hook, this one too).
// With the hang watch's own job (hang-watch-worker.ts, whose word can only fail a test) it also
// loads the grader's TypeScript hook and the environment the setup had before any student code
// loaded: one thread per test process instead of two. Either way nothing of the student's runs
// here. The tokens stay in this module's scope, and what it calls is taken before the watch's
// modules load, so no module sharing the thread can swap a function the vault uses.

const { writeSync } = require('fs');
const { randomBytes } = require('crypto');
const { workerData } = require('worker_threads');
const stringify = JSON.stringify;
const { load, store, notify, wait, waitAsync } = Atomics;

const { channelFd, ids, signal, probeToken, queue, header, watch } = workerData;
// [0] requests made, [1] requests answered, [2] 1 once the hello is written, then a queue of the
// ids asked for (their index in `ids`): request n's id is in cell header + n % queue.
const cells = new Int32Array(signal);

function send(line) {
  if (channelFd === undefined) return;
  try {
    writeSync(channelFd, stringify(line) + '\n');
  } catch {
    // A closed channel costs the verdicts, which the grader then counts as not passed.
  }
}

const tokens = ids.map(() => randomBytes(16).toString('hex'));
const hello = {
  k: 'hello',
  tokens: Object.fromEntries(ids.map((id, index) => [id, tokens[index]])),
};
// The stack probe's token, when a probe runs: the grader believes only reports that carry it.
if (probeToken !== undefined) hello.probe = probeToken;
send(hello);
// The test file waits for this before any student code loads (jest/setup.ts).
store(cells, 2, 1);
notify(cells, 2);

let answered = 0;
function answerNext() {
  const index = load(cells, header + (answered % queue));
  if (index >= 0 && index < ids.length) send({ k: 'pass', id: ids[index], token: tokens[index] });
  answered++;
  store(cells, 1, answered);
  notify(cells, 1);
}

/** Alone: blocking waits, since the thread has nothing else to do and so no event loop to keep. */
function serveBlocking() {
  for (;;) {
    wait(cells, 0, answered);
    while (load(cells, 0) > answered) answerNext();
  }
}

/**
 * Beside the watch, whose looks need the event loop: the waits do not block it. A pending
 * waitAsync does not keep a worker alive, so the vault holds a timer of its own for that: the
 * watch's may stop (a watch that failed) or be unreferenced some day.
 */
function serveBetweenLooks() {
  setInterval(() => undefined, 2 ** 30);
  (function serve() {
    for (;;) {
      while (load(cells, 0) > answered) answerNext();
      const waiting = waitAsync(cells, 0, answered);
      if (waiting.async) return void waiting.value.then(serve);
    }
  })();
}

// A watch that cannot start leaves the vault to wait as it does alone.
let watching = false;
if (watch !== undefined) {
  try {
    require(watch.script).watchFromThisThread(watch.data);
    watching = true;
  } catch {
    // A watch that fails costs only the early end of a blocked main thread's test.
  }
}
if (watching) serveBetweenLooks();
else serveBlocking();
