'use strict';
// The stack probe (see stack-probe.ts): a helper thread of the test process that, when a test is
// past its limit, reads where every thread is. It runs on a thread of its own because the test's
// main thread may be the stuck one (`while (true) {}`, `Atomics.wait`): the inspector still pauses
// it from here, and what is seen goes to the grader with fs.writeSync on the results channel.
// Nothing is connected before a test is late, so a test that finishes in time pays nothing here.
//
// Plain JavaScript: a worker does not get jest's TypeScript transform.

const fs = require('fs');
const inspector = require('inspector');
const { parentPort, threadId, workerData } = require('worker_threads');

const MAX_FRAMES = 12;
const MAX_WORKERS = 32;
/** After its limit, how long the main thread has to ask itself (it is idle) before it is called blocked. */
const BLOCKED_AFTER_MS = 400;
/** How long a pause may take to arrive before the thread is taken to be idle in its event loop. */
const PAUSE_WAIT_MS = 150;
/** Between the two looks at a running thread: did it move on (slow) or stay (busy loop)? */
const SECOND_LOOK_MS = 60;
/** How long to wait for more workers to be announced after the last one. */
const ATTACH_SETTLE_MS = 30;

// The grader's own helper threads (the token vault) are not the test's workers.
const { channelFd, token, helperThreads = [] } = workerData;
const captures = new Map(); // test id -> Promise of the capture
const timers = new Map(); // test id -> the timer that fires when the main thread never came back

function send(line) {
  if (channelFd === undefined) return;
  try {
    fs.writeSync(channelFd, JSON.stringify(line) + '\n');
  } catch {
    // A closed channel: the grader is gone or killed the process; nothing to tell.
  }
}

parentPort.on('message', (message) => {
  if (message.t === 'start') {
    timers.set(
      message.id,
      setTimeout(() => capture(message.id, false), message.limitMs + BLOCKED_AFTER_MS),
    );
  } else if (message.t === 'end') {
    clearTimeout(timers.get(message.id));
    timers.delete(message.id);
  } else if (message.t === 'capture') {
    clearTimeout(timers.get(message.id));
    timers.delete(message.id);
    capture(message.id, true).then(() => parentPort.postMessage({ t: 'captured', id: message.id }));
  }
});

function capture(id, mainIdle) {
  if (!captures.has(id))
    captures.set(
      id,
      look(mainIdle)
        .then((threads) => send({ k: 'stuck', id, token, ...threads }))
        .catch((error) =>
          send({ k: 'stuck', id, token, threads: [], error: String(error).slice(0, 200) }),
        ),
    );
  return captures.get(id);
}

/** One debugger target: the main thread through the session, a worker through NodeWorker. */
class Target {
  constructor(post) {
    this.post = post;
    this.scripts = new Map();
    this.pausedWaiters = [];
  }
  onEvent(method, params) {
    if (method === 'Debugger.scriptParsed') this.scripts.set(params.scriptId, params.url);
    else if (method === 'Debugger.paused')
      for (const waiter of this.pausedWaiters.splice(0)) waiter(params);
  }
  nextPause(ms) {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => resolve(undefined), ms);
      this.pausedWaiters.push((params) => {
        clearTimeout(timer);
        resolve(params);
      });
    });
  }
  /** Pauses the thread and reads its frames; it stays paused until resume(). */
  async sample() {
    const paused = this.nextPause(PAUSE_WAIT_MS);
    await this.post('Debugger.pause');
    const params = await paused;
    if (!params) {
      // No JavaScript running: the thread waits in its event loop. The pause is still pending, so
      // run one statement to take it, and let it go.
      const taken = this.nextPause(1000);
      this.post('Runtime.evaluate', { expression: '0' }).catch(() => undefined);
      if (await taken) await this.post('Debugger.resume').catch(() => undefined);
      return { state: 'idle', frames: [] };
    }
    this.paused = true;
    const frames = params.callFrames
      .map((frame) => ({
        fn: frame.functionName || '<anonymous>',
        cls:
          frame.this && frame.this.type === 'object' && frame.this.className !== 'Object'
            ? frame.this.className
            : undefined,
        url: this.scripts.get(frame.location.scriptId) || '',
        line: frame.location.lineNumber,
        col: frame.location.columnNumber,
        scriptId: frame.location.scriptId,
      }))
      .filter((frame) => frame.url !== '' && !frame.url.startsWith('node:'));
    const top = params.callFrames[0];
    const state =
      top && (inBoardWait(top, this.scripts) || (await this.inAtomicsWait(top.location)))
        ? 'waiting'
        : 'running';
    return {
      state,
      frames: frames.slice(0, MAX_FRAMES).map(({ scriptId: _id, ...frame }) => frame),
    };
  }
  /** V8 puts a frame stopped in `Atomics.wait(...)` at the `wait` of that call. */
  async inAtomicsWait(location) {
    try {
      const { scriptSource } = await this.post('Debugger.getScriptSource', {
        scriptId: location.scriptId,
      });
      const line = scriptSource.split('\n')[location.lineNumber] ?? '';
      const column = location.columnNumber;
      return line.startsWith('wait', column) && /Atomics\s*\.\s*$/.test(line.slice(0, column));
    } catch {
      return false;
    }
  }
  async resume() {
    if (!this.paused) return;
    this.paused = false;
    await this.post('Debugger.resume').catch(() => undefined);
  }
}

async function look(mainIdle) {
  const session = new inspector.Session();
  session.connectToMainThread();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const main = new Target(post);
  session.on('inspectorNotification', ({ method, params }) => main.onEvent(method, params));
  const targets = [];
  try {
    const threads = [];
    // An idle main thread (it asked for this itself) keeps running: the workers are what matter.
    if (mainIdle) {
      threads.push({ name: 'main', state: 'idle', frames: [] });
    } else {
      await post('Debugger.enable');
      targets.push({ name: 'main', target: main });
      threads.push({ name: 'main', ...(await main.sample()) });
    }
    const workers = await attachWorkers(session, post);
    // All at once: ten workers one after the other would outlast the time the grader allows.
    const probed = workers.slice(0, MAX_WORKERS);
    targets.push(...probed);
    const seen = await Promise.all(
      probed.map(async (worker) => {
        try {
          await worker.target.post('Debugger.enable');
          return { name: 'worker', n: worker.n, ...(await worker.target.sample()) };
        } catch {
          return undefined; // it exited meanwhile
        }
      }),
    );
    threads.push(...seen.filter(Boolean));
    // A running thread is looked at again: the same stack means a loop that goes nowhere.
    const running = threads.filter((thread) => thread.state === 'running');
    if (running.length > 0) {
      for (const { target } of targets) await target.resume();
      await new Promise((resolve) => setTimeout(resolve, SECOND_LOOK_MS));
      await Promise.all(
        running.map(async (thread) => {
          const { target } = targets.find(
            (each) => each.name === thread.name && each.n === thread.n,
          );
          const again = await target.sample().catch(() => undefined);
          thread.moved =
            again !== undefined &&
            (again.state !== 'running' || key(again.frames) !== key(thread.frames));
        }),
      );
    }
    return { threads, workers: workers.length };
  } finally {
    for (const { target } of targets) await target.resume();
    for (const { target } of targets) await target.post('Debugger.disable').catch(() => undefined);
    await post('NodeWorker.disable').catch(() => undefined);
    session.disconnect();
  }
}

/**
 * A worker's Atomics.wait goes through the activity board's wrapper (runtime/thread-activity.js),
 * which marks an endless wait around the real call: a thread stopped in it is waiting.
 */
function inBoardWait(frame, scripts) {
  const url = scripts.get(frame.location.scriptId) || '';
  return frame.functionName === 'wait' && url.endsWith('thread-activity.js');
}

const key = (frames) => frames.map((frame) => `${frame.url}:${frame.fn}:${frame.line}`).join('|');

/** The main thread's live workers (not this probe), numbered in the order they were created. */
async function attachWorkers(session, post) {
  const attached = [];
  const bySession = new Map();
  session.on('NodeWorker.attachedToWorker', ({ params }) => attached.push(params));
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
    const worker = bySession.get(params.sessionId);
    if (!worker) return;
    const message = JSON.parse(params.message);
    if (message.id !== undefined) worker.replies.get(message.id)?.(message);
    else worker.target.onEvent(message.method, message.params);
  });
  await post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  // The existing workers are announced as events, which may trail the reply: wait until they stop.
  for (let count = -1; count !== attached.length;) {
    count = attached.length;
    await new Promise((resolve) => setTimeout(resolve, ATTACH_SETTLE_MS));
  }
  let nextId = 0;
  const workers = attached
    .map((params) => ({
      sessionId: params.sessionId,
      thread: Number(/\[worker (\d+)\]/.exec(params.workerInfo.title)?.[1] ?? NaN),
    }))
    .filter((worker) => worker.thread !== threadId && !helperThreads.includes(worker.thread))
    .sort((a, b) => a.thread - b.thread)
    .map((worker, index) => {
      const replies = new Map();
      const target = new Target(
        (method, params = {}) =>
          new Promise((resolve, reject) => {
            const id = ++nextId;
            replies.set(id, (message) => {
              replies.delete(id);
              if (message.error) reject(new Error(message.error.message));
              else resolve(message.result);
            });
            // A worker that exits meanwhile never answers.
            setTimeout(() => reject(new Error('the worker did not answer')), 1000).unref();
            post('NodeWorker.sendMessageToWorker', {
              sessionId: worker.sessionId,
              message: JSON.stringify({ id, method, params }),
            }).catch(reject);
          }),
      );
      const entry = { name: 'worker', n: index + 1, target, replies };
      bySession.set(worker.sessionId, entry);
      return entry;
    });
  return workers;
}
