import { PAGE_BYTES, parseStat, ProcReader, treeRssBytes } from './proc-tree';

// A /proc/<pid>/stat line: pid (comm) state ppid ... with rss (pages) as field 24.
function statLine(pid: number, comm: string, ppid: number, rssPages: number): string {
  const after = ['S', ppid, ...Array(19).fill(0), rssPages, 0, 0];
  return `${pid} (${comm}) ${after.join(' ')}`;
}

function fakeProc(processes: [pid: number, ppid: number, rssPages: number][]): ProcReader {
  const lines = new Map(
    processes.map(([pid, ppid, rss]) => [pid, statLine(pid, 'node', ppid, rss)]),
  );
  return { pids: () => [...lines.keys(), 999], stat: (pid) => lines.get(pid) };
}

describe('treeRssBytes', () => {
  test('sums the root and every descendant, and nothing outside the tree', () => {
    const proc = fakeProc([
      [1, 0, 1000], // init: not in the tree
      [10, 1, 100], // grader grade
      [11, 10, 200], // a runner
      [12, 11, 300], // its jest
      [13, 12, 400], // a worker's child
      [20, 1, 5000], // another user's process
    ]);
    expect(treeRssBytes(proc, 10)).toBe((100 + 200 + 300 + 400) * PAGE_BYTES);
    expect(treeRssBytes(proc, 12)).toBe((300 + 400) * PAGE_BYTES);
  });
  test('a root that has exited has no memory; a process gone while reading is skipped', () => {
    const proc = fakeProc([[10, 1, 100]]);
    expect(treeRssBytes(proc, 42)).toBe(0);
    // pid 999 is listed but has no stat (it exited between readdir and read).
    expect(treeRssBytes(proc, 10)).toBe(100 * PAGE_BYTES);
  });
});

describe('parseStat', () => {
  test('reads the fields after the last parenthesis, so a name with spaces and ")" is no trouble', () => {
    expect(parseStat(statLine(7, 'we) ird (name', 3, 55))).toEqual({ ppid: 3, rssPages: 55 });
  });
  test('a line that is not a stat line is an error', () => {
    expect(() => parseStat('nonsense')).toThrow('not a /proc/<pid>/stat line');
  });
});
