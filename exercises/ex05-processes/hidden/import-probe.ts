// Run as `node import-probe.ts <module>`: imports the module in a plain Node process (no jest),
// waits a moment, and prints how many child processes the import started, on a line of its own
// that starts with `probe: ` (the module may print too).
import type * as ChildProcessModule from 'child_process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('child_process') as typeof ChildProcessModule;
const started: ChildProcessModule.ChildProcess[] = [];
for (const name of ['fork', 'spawn'] as const) {
  const original = childProcess[name] as (...args: unknown[]) => ChildProcessModule.ChildProcess;
  (childProcess as Record<string, unknown>)[name] = (...args: unknown[]) => {
    const child = original.apply(childProcess, args);
    started.push(child);
    return child;
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
require(process.argv[2]);
setTimeout(() => {
  console.log(`probe: ${JSON.stringify({ started: started.length })}`);
  for (const child of started) child.kill('SIGKILL');
  process.exit(0);
}, 300);
