'use strict';
// Where a thread waits: each thread's endless Atomics.wait (thread-activity.js marks them on the
// activity board) also notes where it was called from, in the thread's slot, so that a test ended
// as hung can name the student's line each thread waits on (run/hung-sites.ts), and the hang watch
// can tell whether two hung tests wait in the same places (jest/dead-state.ts).
//
// A record, at some cell of the board: a hash of the place (0: none yet), the length of the stack
// text that follows, then that text (SITE_CHARS UTF-16 code units, two per cell). The hash names
// the innermost frame; the text, a few frames, names the places (the grader shows only the frames
// in the student's own files).
//
// Plain JavaScript: it runs in every worker, before the TypeScript hook.

const SITE_CHARS = 1024;
/** Cells of one record. */
const SITE_CELLS = 2 + SITE_CHARS / 2;
/** Where the record's cells are, from its start. */
const HASH = 0;
const LENGTH = 1;
const TEXT = 2;

/**
 * A thread notes where it waits at most this often per place it waits on (a typed array and an
 * index): reading a stack costs microseconds, and a busy queue waits many thousand times.
 */
const SITE_EVERY_MS = 50;
/** Frames of a wait's stack kept: the student's own are looked for among them. */
const SITE_FRAMES = 6;

/** The stack text of the latest wait noted in the record at cell `at` ('' when none). */
function siteText(board, at) {
  const cells = new Int32Array(board);
  const length = Math.min(Math.max(Atomics.load(cells, at + LENGTH), 0), SITE_CHARS);
  const text = new Uint16Array(board, (at + TEXT) * Int32Array.BYTES_PER_ELEMENT, SITE_CHARS);
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(Atomics.load(text, i));
  return out;
}

/**
 * Returns `note(array, index, wait)`: writes into the record at cell `at` where the caller of `wait` is,
 * at most every SITE_EVERY_MS per place waited on. Every built-in it uses is taken now, before any
 * student code: a patched Error or WeakMap changes at most what the note says, never the wait.
 */
function siteNoter(board, at) {
  const cells = new Int32Array(board);
  const text = new Uint16Array(board, (at + TEXT) * Int32Array.BYTES_PER_ELEMENT, SITE_CHARS);
  const { store } = Atomics;
  const apply = Reflect.apply;
  const capture = Error.captureStackTrace;
  const now = Date.now;
  const weakGet = WeakMap.prototype.get;
  const weakSet = WeakMap.prototype.set;
  const RealMap = Map;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const charAt = String.prototype.charCodeAt;
  const indexOf = String.prototype.indexOf;
  /** Per typed array, per index: the latest note of a wait there (its time, hash and stack). */
  const notes = new WeakMap();
  /** The note whose text the slot holds now. */
  let written;
  return function note(array, index, wait) {
    try {
      if (typeof array !== 'object' || array === null) return;
      let byIndex = apply(weakGet, notes, [array]);
      if (!byIndex) {
        byIndex = new RealMap();
        apply(weakSet, notes, [array, byIndex]);
      }
      const time = now();
      let entry = apply(mapGet, byIndex, [index]);
      if (entry === undefined || time - entry.time >= SITE_EVERY_MS) {
        const stack = stackOf(wait);
        if (stack === undefined) return;
        entry = { time, hash: placeHash(stack), stack };
        apply(mapSet, byIndex, [index, entry]);
      }
      if (written !== entry) {
        const { stack } = entry;
        const length = Math.min(stack.length, SITE_CHARS);
        for (let i = 0; i < length; i++) store(text, i, apply(charAt, stack, [i]));
        store(cells, at + LENGTH, length);
        written = entry;
      }
      store(cells, at + HASH, entry.hash);
    } catch {
      // Where a wait was called from only explains a verdict: without it, the wait goes on.
    }
  };

  function stackOf(wait) {
    const holder = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = SITE_FRAMES;
    try {
      capture(holder, wait);
    } finally {
      Error.stackTraceLimit = limit;
    }
    const stack = holder.stack;
    return typeof stack === 'string' ? stack : undefined;
  }

  /** The innermost frame names the place: its line of the stack, hashed (FNV-1a), never 0. */
  function placeHash(stack) {
    const firstLine = apply(indexOf, stack, ['\n']);
    const frameEnd = apply(indexOf, stack, ['\n', firstLine + 1]);
    const end = frameEnd < 0 ? stack.length : frameEnd;
    let hash = 0x811c9dc5 | 0;
    for (let i = firstLine + 1; i < end; i++)
      hash = Math.imul(hash ^ apply(charAt, stack, [i]), 0x01000193);
    return hash === 0 ? 1 : hash;
  }
}

module.exports = { SITE_CELLS, siteText, siteNoter };
