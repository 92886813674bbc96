'use strict';
// Where the student's promises that never settled were made, and where the student's own code
// waited for them: a test that ends at its limit or as hung (jest/hang-watch.ts) with its main
// thread only awaiting has no thread to point at, but it has a promise that never settled, and
// the line that made it is the line to show (issue 26).
//
// It takes V8's promise hooks, the one way to see every promise made, in jest's main thread
// before graded code loads and before diagnostics-guard.js closes them to graded code (a hook that
// hands out promises let a forge reach the test's own: docs/security.md). What it keeps never
// leaves this file but as plain data: file names, lines, function names. The promises themselves
// are only ever keys of a WeakMap; nothing of theirs is read or called. The one handle on it, the
// controller, is claimed once by the test setup (jest/setup.ts), before any graded code runs,
// and the claim is then gone.
//
// Cost: a promise hook is called for every promise of the thread, jest's own included, so it is
// installed only while a test runs. There it reads a short stack (a few microseconds) only for a
// promise made with no parent (`new Promise`, an async function's own promise, Promise.resolve:
// one per promise a chain starts from, not per `then` or `await`), and for a `then` or `await` on
// a promise already kept here; it keeps only those made in the student's files, and stops reading
// stacks after MAX_READS in one test.

const path = require('path');

/** Where the setup finds the one-time claim: a key on the v8 module object, jest's realm and ours alike. */
const CLAIM_KEY = Symbol.for('grader.promise-sites');
/** Stack reads in one test, at most: code that makes millions of promises is not slowed by more. */
const MAX_READS = 20000;
/** Promises kept per test: the first ones a test makes are the ones the rest wait on. */
const MAX_KEPT = 200;
/**
 * Frames read per promise: Node's hook dispatcher, a builtin (`new Promise`), then the maker, and
 * one to spare.
 */
const FRAMES = 4;
/** What pending() hands back, at most. */
const MAX_REPORTED = 6;

let installed = false;

/**
 * Installs the hooks (main thread of a test process only, before the guard closes them) and leaves
 * the claim on the v8 module object. `subjectRoot`: the student's files are under it.
 */
function install(subjectRoot) {
  if (installed) return;
  installed = true;
  const v8 = require('v8');
  const { onInit, onSettled } = v8.promiseHooks;
  // Every built-in used after graded code loads is taken now: a patched one changes at most what
  // a note says, never the promise.
  const apply = Reflect.apply;
  const RealError = Error;
  const capture = Error.captureStackTrace;
  const describe = Object.getOwnPropertyDescriptor;
  const hasOwn = Object.prototype.hasOwnProperty;
  const weakGet = WeakMap.prototype.get;
  const weakSet = WeakMap.prototype.set;
  const startsWith = String.prototype.startsWith;
  const define = Object.defineProperty;
  // The call-site methods, taken from one call site now: graded code can reach their prototype.
  const callSite = (() => {
    const holder = {};
    const prepare = RealError.prepareStackTrace;
    RealError.prepareStackTrace = (_error, sites) => sites;
    try {
      capture(holder);
      return Object.getPrototypeOf(holder.stack[0]);
    } finally {
      RealError.prepareStackTrace = prepare;
    }
  })();
  const { getFileName, getTypeName, getFunctionName, getLineNumber, getColumnNumber } = callSite;
  const root = path.resolve(subjectRoot) + path.sep;
  const host = globalThis;
  const readFrames = (_error, callSites) => callSites;

  /** Promise to its note: { frame, kind, settled, awaited }. */
  let notes = new WeakMap();
  /** The notes of the running test, in the order their promises were made. */
  let kept = [];
  let active = false;
  let reads = 0;
  let busy = false;

  /**
   * A property's own descriptor when it is a plain, changeable value; null when it is anything
   * else (a getter, a locked value); undefined when there is none. Only fields the descriptor has
   * of its own are read: a missing one would be looked up on jest's realm's Object.prototype,
   * where graded code can put getters.
   */
  function plainValue(target, key) {
    const descriptor = describe(target, key);
    if (descriptor === undefined) return undefined;
    if (!apply(hasOwn, descriptor, ['value'])) return null;
    return descriptor.writable && descriptor.configurable ? descriptor : null;
  }

  /**
   * Sets a property by defining it, with a descriptor that has no prototype: assigning would call
   * a setter graded code put on the prototype chain (jest's realm's Function.prototype), and
   * Node would then read that chain's getter for prepareStackTrace instead of ours.
   */
  function put(target, key, value, enumerable) {
    define(target, key, { __proto__: null, value, writable: true, enumerable, configurable: true });
  }

  /**
   * The stack of the hook's caller as call sites, or undefined when reading it would run code
   * that is not this file's: graded code can give jest's realm its own Error.prepareStackTrace,
   * or a getter for it or for stackTraceLimit, on Error or on its prototype chain, and the hook
   * must never call into it.
   */
  function callSites() {
    const global = plainValue(host, 'Error');
    if (!global || global.value !== RealError) return undefined;
    const prepare = plainValue(RealError, 'prepareStackTrace');
    const limit = plainValue(RealError, 'stackTraceLimit');
    if (prepare === null || !limit) return undefined;
    const holder = {};
    put(RealError, 'prepareStackTrace', readFrames, prepare ? prepare.enumerable : false);
    put(RealError, 'stackTraceLimit', FRAMES, limit.enumerable);
    try {
      capture(holder, hookInit);
      return holder.stack;
    } finally {
      put(RealError, 'stackTraceLimit', limit.value, limit.enumerable);
      if (prepare) put(RealError, 'prepareStackTrace', prepare.value, prepare.enumerable);
      else delete RealError.prepareStackTrace;
    }
  }

  /** The first frame in a file, if that file is the student's: { fn, url, line, col } (0-based). */
  function makerFrame() {
    const sites = callSites();
    if (!sites || typeof sites.length !== 'number') return undefined;
    let builtin = false;
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const file = apply(getFileName, site, []);
      // Node's own hook dispatcher, then V8's builtins (the Promise constructor): not the maker.
      if (typeof file === 'string' && apply(startsWith, file, ['node:'])) continue;
      if (typeof file !== 'string' || file === '') {
        builtin = true;
        continue;
      }
      if (!apply(startsWith, file, [root])) return undefined;
      const type = apply(getTypeName, site, []);
      const name = apply(getFunctionName, site, []);
      const fn = typeof name === 'string' && name !== '' ? name : '<anonymous>';
      return {
        fn:
          typeof type === 'string' && type !== 'Object' && type !== 'global' ? `${type}.${fn}` : fn,
        url: file,
        // V8's call sites count from 1; the channel's frames from 0, as the stack probe's.
        line: zeroBased(apply(getLineNumber, site, [])),
        col: zeroBased(apply(getColumnNumber, site, [])),
        // An async function's own promise is made as the function starts: its first frame is the
        // function itself. A `new Promise` has the constructor's frame (no file) above the maker.
        made: builtin ? 'created' : 'started',
      };
    }
    return undefined;
  }

  function zeroBased(position) {
    return typeof position === 'number' && position >= 1 ? position - 1 : 0;
  }

  function hookInit(promise, parent) {
    if (!active || busy || reads >= MAX_READS) return;
    busy = true;
    try {
      const parentNote = parent === undefined ? undefined : apply(weakGet, notes, [parent]);
      // A `then` or `await` on a promise not kept here says nothing of the student's promises.
      if (parent !== undefined && parentNote === undefined) return;
      if (parentNote !== undefined && (parentNote.awaited || parentNote.settled)) return;
      reads++;
      const frame = makerFrame();
      if (!frame) return;
      // Waited on by the function that made it (a `.catch` that keeps a rejection handled) says
      // nothing: the line to show is the first other function of the student's that waits on it.
      if (parentNote !== undefined) {
        if (frame.fn !== parentNote.frame.fn) parentNote.awaited = frame;
      } else if (kept.length < MAX_KEPT) {
        const note = { frame, settled: false, awaited: undefined };
        apply(weakSet, notes, [promise, note]);
        // Defined, not assigned: an index setter on Array.prototype is never called.
        define(kept, kept.length, {
          __proto__: null,
          value: note,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
    } catch {
      // A note only explains a failure: without it, the promise is made as it was.
    } finally {
      busy = false;
    }
  }

  function hookSettled(promise) {
    if (!active) return;
    const note = apply(weakGet, notes, [promise]);
    if (note !== undefined) note.settled = true;
  }

  // Hooked only while a test runs: between tests, and in a process nobody claimed this in, no
  // promise pays for it.
  let unhook;

  const controller = Object.freeze({
    /** A test starts: what earlier tests made is forgotten. */
    begin() {
      notes = new WeakMap();
      kept = [];
      reads = 0;
      active = true;
      if (!unhook) {
        const stopInit = onInit(hookInit);
        const stopSettled = onSettled(hookSettled);
        unhook = () => {
          stopInit();
          stopSettled();
        };
      }
    },
    end() {
      active = false;
      if (unhook) unhook();
      unhook = undefined;
    },
    /**
     * The promises made in the student's files during this test that have not settled, as plain
     * data, the first made first: each with where it was made (`made`: 'created' by
     * `new Promise` and the like, 'started' as an async function's own promise) and the first
     * student line that awaited it or called its `then`.
     */
    pending() {
      const out = [];
      for (let i = 0; i < kept.length && out.length < MAX_REPORTED; i++) {
        const note = kept[i];
        if (note.settled) continue;
        const { made, ...at } = note.frame;
        const awaited = note.awaited && {
          fn: note.awaited.fn,
          url: note.awaited.url,
          line: note.awaited.line,
          col: note.awaited.col,
        };
        define(out, out.length, {
          __proto__: null,
          value: { made, at, ...(awaited && { awaited }) },
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return out;
    },
  });
  // The claim: one call, then it is gone. The setup makes it before any graded code loads.
  Object.defineProperty(v8, CLAIM_KEY, {
    configurable: true,
    enumerable: false,
    value: function claim() {
      delete v8[CLAIM_KEY];
      return controller;
    },
  });
}

/** The setup's claim of the controller (undefined where none was installed, or it was claimed). */
function claimPromiseSites() {
  const v8 = require('v8');
  const claim = v8[CLAIM_KEY];
  return typeof claim === 'function' ? claim() : undefined;
}

module.exports = { install, claimPromiseSites, CLAIM_KEY };
