import * as fs from 'fs';

/** /proc's clock ticks per second (USER_HZ): 100 on every Linux the course runs on. */
export const TICKS_PER_SECOND = 100;

/**
 * The machine's busy CPU time so far, in ms, from the first line of /proc/stat: every state but
 * idle and iowait, summed over all cores. The whole machine rather than one process tree, because
 * a killed tree's orphans are reaped by init and never show in their grandparent's child times: a
 * hang killed at its limit would go uncounted, and its CPU is what a batch spends most of.
 */
export function busyCpuMs(procStat: string): number {
  const line = procStat.split('\n').find((candidate) => candidate.startsWith('cpu '));
  if (line === undefined) throw new Error('no "cpu " line in /proc/stat');
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  if (ticks.length < 7 || ticks.some((value) => !Number.isFinite(value)))
    throw new Error(`not a /proc/stat cpu line: ${line}`);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user).
  const [user, nice, system, , , irq, softirq, steal = 0] = ticks;
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}

export function machineBusyCpuMs(): number {
  return busyCpuMs(fs.readFileSync('/proc/stat', 'utf8'));
}
