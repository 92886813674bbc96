import { PAGE_BYTES, parseStat, ProcReader, TreeCpu, treeRssBytes } from './proc-tree';

// A /proc/<pid>/stat line: pid (comm) state ppid ... with utime and stime (ticks) as fields 14
// and 15, starttime as field 22 and rss (pages) as field 24.
function statLine(
  pid: number,
  comm: string,
  ppid: number,
  rssPages: number,
  { utime = 0, stime = 0, start = 0 } = {},
): string {
  const after = ['S', ppid, ...Array(9).fill(0), utime, stime, ...Array(6).fill(0), start, 0];
  return `${pid} (${comm}) ${[...after, rssPages, 0, 0].join(' ')}`;
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
    expect(
      parseStat(statLine(7, 'we) ird (name', 3, 55, { utime: 12, stime: 3, start: 900 })),
    ).toEqual({ ppid: 3, rssPages: 55, cpuTicks: 15, startTicks: 900 });
  });
  test('a line that is not a stat line is an error', () => {
    expect(() => parseStat('nonsense')).toThrow('not a /proc/<pid>/stat line');
  });
});

describe('TreeCpu', () => {
  type Proc = [pid: number, ppid: number, ticks: number, start: number];

  /** The tree of pid 10's CPU after a look at each /proc in turn ([pid, ppid, utime, start]). */
  function cpuAfterLooks(...looks: Proc[][]): number {
    const tree = new TreeCpu(10);
    for (const processes of looks) {
      const lines = new Map(
        processes.map(([pid, ppid, ticks, start]) => [
          pid,
          statLine(pid, 'node', ppid, 0, { utime: ticks, start }),
        ]),
      );
      tree.look({ pids: () => [...lines.keys()], stat: (pid) => lines.get(pid) });
    }
    return tree.cpuMs();
  }

  test("sums the most each process in the tree was seen to use, and nobody else's", () => {
    // 11 exits (its last 0.1 s is missed); 12 starts; the other user's 20 keeps working.
    const cpu = cpuAfterLooks(
      [
        [10, 1, 5, 100],
        [11, 10, 20, 101],
        [20, 1, 500, 50],
      ],
      [
        [10, 1, 6, 100],
        [12, 10, 30, 102],
        [20, 1, 900, 50],
      ],
    );
    expect(cpu).toBe((6 + 20 + 30) * 10);
  });

  test("a process orphaned out of the tree stays counted, with what it starts (a killed sandbox's init)", () => {
    // The grader kills 11 (the sandbox's outer process): 12 is reparented to init and reaps 13.
    const cpu = cpuAfterLooks(
      [
        [10, 1, 5, 100],
        [11, 10, 1, 101],
        [12, 11, 2, 102],
        [13, 12, 40, 103],
      ],
      [
        [10, 1, 5, 100],
        [12, 1, 2, 102],
        [13, 12, 90, 103],
        [14, 12, 7, 104],
      ],
    );
    expect(cpu).toBe((5 + 1 + 2 + 90 + 7) * 10);
  });

  test('a pid used again by a process outside the tree is not counted as the one it was', () => {
    const cpu = cpuAfterLooks(
      [
        [10, 1, 5, 100],
        [11, 10, 8, 101],
      ],
      [
        [10, 1, 5, 100],
        [11, 1, 300, 200],
      ],
    );
    expect(cpu).toBe((5 + 8) * 10);
  });
});
