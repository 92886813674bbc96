import { treeUsage } from './tree-usage';

// /proc is Linux's: the grader's whole-tree caps and CPU-time limits are proven there only.
test('the CPU time of a tree counts what its processes have burnt', () => {
  const before = treeUsage(process.pid)!;
  // Burn 300 ms of this process's own CPU, however long the machine makes that take.
  const start = process.cpuUsage();
  while (process.cpuUsage(start).user + process.cpuUsage(start).system < 300_000);
  const after = treeUsage(process.pid)!;
  expect(after.processes).toBeGreaterThanOrEqual(1);
  // Ticks are 10 ms, and the two readings round down separately.
  expect(after.cpuMs - before.cpuMs).toBeGreaterThanOrEqual(280);
});
