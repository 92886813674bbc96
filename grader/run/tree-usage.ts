import * as fs from 'fs';

export interface TreeUsage {
  processes: number;
  threads: number;
  rssBytes: number;
  /** CPU time used so far by the processes alive now (user + system). */
  cpuMs: number;
}

const PAGE_BYTES = 4096;
/** Linux counts CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture it runs on. */
const TICK_MS = 10;

/**
 * What a process and all its descendants use now, read from /proc (Linux). Undefined elsewhere:
 * the per-process V8 limits still hold there, only the whole-tree caps do not.
 */
export function treeUsage(rootPid: number): TreeUsage | undefined {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  const stats = new Map<number, { threads: number; rssPages: number; cpuTicks: number }>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(name);
    const parent = Number(fields[1]);
    stats.set(pid, {
      threads: Number(fields[17]),
      rssPages: Number(fields[21]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
    });
    const siblings = children.get(parent);
    if (siblings) siblings.push(pid);
    else children.set(parent, [pid]);
  }
  if (!stats.has(rootPid)) return { processes: 0, threads: 0, rssBytes: 0, cpuMs: 0 };
  const usage: TreeUsage = { processes: 0, threads: 0, rssBytes: 0, cpuMs: 0 };
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    const stat = stats.get(pid);
    if (!stat) continue;
    usage.processes++;
    usage.threads += stat.threads;
    usage.rssBytes += stat.rssPages * PAGE_BYTES;
    usage.cpuMs += stat.cpuTicks * TICK_MS;
    pending.push(...(children.get(pid) ?? []));
  }
  return usage;
}
