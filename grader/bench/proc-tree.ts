import * as fs from 'fs';
import { TICKS_PER_SECOND } from './machine-cpu';

/** What the benchmark reads of /proc, so summing a tree can be tested on a made-up one. */
export interface ProcReader {
  pids(): number[];
  /** The text of /proc/<pid>/stat, undefined when the process is gone. */
  stat(pid: number): string | undefined;
}

export const PAGE_BYTES = 4096;

export interface ProcStat {
  ppid: number;
  rssPages: number;
  /** The process's own CPU so far, all its threads (utime + stime), in clock ticks. */
  cpuTicks: number;
  /** When it started, in ticks after boot: with the pid, names one process (pids are reused). */
  startTicks: number;
}

/** What the benchmark needs of one /proc/<pid>/stat line. */
export function parseStat(text: string): ProcStat {
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const stat = {
    ppid: Number(fields[1]),
    rssPages: Number(fields[21]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    startTicks: Number(fields[19]),
  };
  if (!Object.values(stat).every(Number.isInteger))
    throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  return stat;
}

function readStats(reader: ProcReader): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  for (const pid of reader.pids()) {
    const text = reader.stat(pid);
    if (text !== undefined) stats.set(pid, parseStat(text)); // else: exited while we looked
  }
  return stats;
}

/** The processes in `roots` (those alive now) and all their descendants now. */
function withDescendants(stats: Map<number, ProcStat>, roots: number[]): Set<number> {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of stats) {
    const siblings = children.get(ppid);
    if (siblings) siblings.push(pid);
    else children.set(ppid, [pid]);
  }
  const tree = new Set<number>();
  const pending = roots.filter((pid) => stats.has(pid));
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (tree.has(pid)) continue;
    tree.add(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Resident memory of a process and all its descendants now, in bytes (0 once it is gone). */
export function treeRssBytes(reader: ProcReader, rootPid: number): number {
  const stats = readStats(reader);
  let total = 0;
  for (const pid of withDescendants(stats, [rootPid]))
    total += stats.get(pid)!.rssPages * PAGE_BYTES;
  return total;
}

/**
 * The CPU a process tree uses, for a machine that other work shares: each look at /proc notes the
 * own CPU (utime + stime) of every process in the tree, and the tree's CPU is the sum over every
 * process ever seen in it of the most it was seen to use. A process stays counted once it has
 * been seen in the tree, wherever it is later: the grader kills a sandbox's outer process when a
 * test file is done, and the sandbox's init, orphaned, is reaped by init, so its CPU (the test
 * process's, through it) never reaches the tree's child times that wait4 or /usr/bin/time give.
 * A lower bound: a process's CPU after the last look before it ended, and a process that lived
 * between two looks, are missed; measure a floor with the same sampler, so both miss alike.
 */
export class TreeCpu {
  /** The most CPU seen per process (pid and start time), in ticks. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly rootPid: number) {}

  look(reader: ProcReader): void {
    const stats = readStats(reader);
    const key = (pid: number) => `${pid}@${stats.get(pid)!.startTicks}`;
    // The root's descendants now, and those of every process seen in the tree before (the root
    // too: a later process given its pid is not it).
    const roots = [...stats.keys()].filter((pid) =>
      this.seen.size === 0 ? pid === this.rootPid : this.seen.has(key(pid)),
    );
    for (const pid of withDescendants(stats, roots))
      this.seen.set(key(pid), Math.max(this.seen.get(key(pid)) ?? 0, stats.get(pid)!.cpuTicks));
  }

  cpuMs(): number {
    let ticks = 0;
    for (const value of this.seen.values()) ticks += value;
    return (ticks * 1000) / TICKS_PER_SECOND;
  }
}

/** Samples a tree's CPU every `everyMs` until stopped (see TreeCpu); stop() gives it in ms. */
export function sampleTreeCpu(
  rootPid: number,
  everyMs = 100,
  reader: ProcReader = realProc,
): { stop(): number } {
  const tree = new TreeCpu(rootPid);
  tree.look(reader);
  const timer = setInterval(() => tree.look(reader), everyMs);
  return {
    stop() {
      clearInterval(timer);
      tree.look(reader);
      return tree.cpuMs();
    },
  };
}

export const realProc: ProcReader = {
  pids: () =>
    fs
      .readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number),
  stat: (pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/**
 * Samples a tree's resident memory every `everyMs` until stopped; stop() gives the peak. Short-lived
 * peaks between samples are missed: the interval bounds how coarse the peak is.
 */
export function sampleTreeRss(
  rootPid: number,
  everyMs = 100,
  reader: ProcReader = realProc,
): { stop(): number } {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, treeRssBytes(reader, rootPid));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
