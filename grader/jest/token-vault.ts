import * as path from 'path';
import type { WatchThreadJob } from './hang-watch';
// The real module, taken before worker tracking is installed: the vault is never one of the test's
// workers (stopEverything would end it), and it is started before any student code loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Worker } = require('worker_threads') as typeof import('worker_threads');

// Taken when the setup loads, before any student code: `Atomics` is a global student code can
// patch, and the first pass would then hand the patch the vault's cells (a red-team helper forged
// every token that way).
const { store, load, notify, wait } = Atomics;

/** How long a test's end may wait for the vault to write its pass (its start-up included). */
export const VAULT_ANSWER_MS = 10_000;
const WAIT_STEP_MS = 50;
/**
 * Requests the vault may have unanswered: each completed test's id gets a cell of its own, so a
 * vault that wakes late answers every request with its own id. With one cell, a second test
 * completing before a late vault woke overwrote the first's request, and the vault sent the second
 * test's pass twice: tampering, for an honest job on a machine overloaded to a standstill.
 */
export const VAULT_QUEUE = 64;
/**
 * [0] requests made, [1] requests answered, [2] 1 once the vault's hello is written, then the queue
 * of requested ids (their index).
 */
const HEADER_CELLS = 3;
const HELLO_WRITTEN = 2;

/**
 * The main thread's side of the token vault (token-vault-worker.js): the pass tokens live in a
 * thread of their own, so no heap snapshot of the main thread, where student code runs, holds them.
 * What reaches the vault is a shared memory cell that only this closure holds: student code can
 * read every string of its own heap, but it cannot get a reference it was never handed.
 */
export interface TokenVault {
  /** The vault's thread: the stack probe leaves it out of the test's workers. */
  threadId: number;
  /**
   * The test with this id completed: its token goes to the grader before this returns true. False:
   * the vault did not answer in time (a starved or dead thread), so the grader has no token.
   */
  pass(id: string): boolean;
  /**
   * Waits until the vault's hello (the tokens) is on the channel: false when it was not within the
   * answer time. Until then a hello that student code writes would be the one the grader believes.
   */
  saidHello(): boolean;
  /** Sends the hang watch's job in the vault's thread a message (nothing when it has none). */
  tellWatch(message: unknown): void;
}

export interface VaultOptions {
  /** How long `pass` waits for the vault's answer (the vault's own tests shorten it). */
  answerMs?: number;
  /** The hang watch's own job, which the vault's thread takes on (hang-watch.ts). */
  watch?: WatchThreadJob;
}

/** `probeToken`: the stack probe's, named in the hello (none when no probe runs). */
export function openTokenVault(
  ids: string[],
  channelFd: number | undefined,
  probeToken?: string,
  { answerMs = VAULT_ANSWER_MS, watch }: VaultOptions = {},
): TokenVault {
  const signal = new SharedArrayBuffer((HEADER_CELLS + VAULT_QUEUE) * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(signal);
  const worker = new Worker(path.join(__dirname, 'token-vault-worker.js'), {
    workerData: {
      channelFd,
      ids,
      signal,
      probeToken,
      queue: VAULT_QUEUE,
      header: HEADER_CELLS,
      watch,
    },
    // None of the student's flags, and none of the grader's hooks for the vault, plain JavaScript
    // (under the permission model child-guard.js adds its worker hook to every thread). The
    // watch's job is TypeScript, loaded with the grader's own hook and the environment as the setup
    // found it, before any student code. The thread is started before the activity board is shared
    // (setup.ts), so it takes no slot on it, and its Atomics are not the board's marked ones.
    ...(watch
      ? { execArgv: ['--require', path.join(__dirname, '../runtime/register.js')] }
      : { execArgv: [], env: {} }),
  });
  // Unreferenced, it is no handle process._getActiveHandles() lists and keeps nothing alive.
  worker.unref();
  // A vault that dies costs the passes still to come, which then count as failures.
  worker.on('error', () => undefined);
  const index = new Map(ids.map((id, at) => [id, at]));
  let asked = 0;
  return {
    threadId: worker.threadId,
    tellWatch(message) {
      if (watch) worker.postMessage(message);
    },
    saidHello() {
      for (
        let waits = 0;
        load(cells, HELLO_WRITTEN) === 0 && waits < answerMs / WAIT_STEP_MS;
        waits++
      )
        wait(cells, HELLO_WRITTEN, 0, WAIT_STEP_MS);
      return load(cells, HELLO_WRITTEN) === 1;
    },
    pass(id) {
      const at = index.get(id);
      // A full queue: the vault is far behind, and this pass goes unconfirmed.
      if (at === undefined || asked - load(cells, 1) >= VAULT_QUEUE) return false;
      store(cells, HEADER_CELLS + (asked % VAULT_QUEUE), at);
      asked++;
      store(cells, 0, asked);
      notify(cells, 0);
      const mine = asked;
      // Synchronous, so a process that ends right after a test (forceExit) has written its pass.
      // Counted in waits, not read from Date: the test may have faked the clock.
      for (let waits = 0; load(cells, 1) < mine && waits < answerMs / WAIT_STEP_MS; waits++)
        wait(cells, 1, load(cells, 1), WAIT_STEP_MS);
      return load(cells, 1) >= mine;
    },
  };
}
