import { board, hungThreads, Look, SITES_BUDGET_BYTES } from './board-look';
import { MAX_LINE_BYTES } from './channel';
import { deadStateKeys } from './dead-state';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sites = require('../runtime/wait-sites') as { SITE_CELLS: number };
const SITE_CHARS = (sites.SITE_CELLS - 2) * 2;

/** Writes `text` as the wait site of a slot, as runtime/wait-sites.js records it. */
function writeSite(shared: SharedArrayBuffer, slot: number, text: string): void {
  const at = board.HEADER + slot * board.STRIDE + board.SITE;
  const cells = new Int32Array(shared);
  cells[at] = slot + 1; // its hash
  cells[at + 1] = text.length;
  const chars = new Uint16Array(shared, (at + 2) * Int32Array.BYTES_PER_ELEMENT, SITE_CHARS);
  for (let i = 0; i < text.length; i++) chars[i] = text.charCodeAt(i);
}

test('a hang of every thread the board holds, each at the longest site, fits on one channel line', () => {
  const shared = board.createBoard();
  // The costliest site there is: every character escaped as \u0001 in JSON (6 bytes each).
  const longest = '\u0001'.repeat(SITE_CHARS);
  const seen = new Map<number, Look>();
  for (let slot = 0; slot < board.SLOTS; slot++) {
    writeSite(shared, slot, longest);
    seen.set(slot, { thread: slot + 1, waits: 1, idle: 0, state: 'waiting', site: slot + 1 });
  }
  const threads = hungThreads(shared, seen);
  const line = JSON.stringify({
    k: 'over',
    id: 'x'.repeat(64),
    why: 'hung',
    afterMs: 1000,
    threads,
    blocked: true,
    mainSite: longest,
    keys: [...deadStateKeys([...seen.values()])],
  });
  expect(Buffer.byteLength(line)).toBeLessThan(MAX_LINE_BYTES);
  // Every thread is named; the first ones with their site, up to the budget.
  expect(threads).toHaveLength(board.SLOTS);
  expect(threads[0]).toEqual({ thread: 1, state: 'waiting', site: longest });
  const withSite = threads.filter((thread) => thread.site !== undefined);
  expect(withSite.length).toBe(Math.floor(SITES_BUDGET_BYTES / JSON.stringify(longest).length));
});

test('a few threads at ordinary sites all keep their sites', () => {
  const shared = board.createBoard();
  const seen = new Map<number, Look>();
  for (let slot = 0; slot < 12; slot++) {
    writeSite(shared, slot, `at BlockingQueue.get (blocking-queue.ts:${60 + slot}:5)\n`.repeat(6));
    seen.set(slot, { thread: slot + 1, waits: 1, idle: 0, state: 'waiting', site: slot + 1 });
  }
  seen.set(12, { thread: 13, waits: 0, idle: 3, state: 'idle', site: 0 });
  const threads = hungThreads(shared, seen);
  expect(threads.filter((thread) => thread.site?.includes('blocking-queue.ts'))).toHaveLength(12);
  expect(threads[12]).toEqual({ thread: 13, state: 'idle' });
});
