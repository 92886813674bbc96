import * as fs from 'fs';

/** What the benchmark reads of /proc, so summing a tree can be tested on a made-up one. */
export interface ProcReader {
  pids(): number[];
  /** The text of /proc/<pid>/stat, undefined when the process is gone. */
  stat(pid: number): string | undefined;
}

export const PAGE_BYTES = 4096;

/** The parent and resident pages of one /proc/<pid>/stat line. */
export function parseStat(text: string): { ppid: number; rssPages: number } {
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  const rssPages = Number(fields[21]);
  if (!Number.isInteger(ppid) || !Number.isInteger(rssPages))
    throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  return { ppid, rssPages };
}

/** Resident memory of a process and all its descendants now, in bytes (0 once it is gone). */
export function treeRssBytes(reader: ProcReader, rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const pid of reader.pids()) {
    const text = reader.stat(pid);
    if (text === undefined) continue; // exited while we looked
    const { ppid, rssPages } = parseStat(text);
    rss.set(pid, rssPages * PAGE_BYTES);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = 0;
  const seen = new Set<number>();
  const pending = rss.has(rootPid) ? [rootPid] : [];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rss.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
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
