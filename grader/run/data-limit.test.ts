import { spawnSync } from 'child_process';
import { DATA_LIMIT_BYTES, prlimitPath, underDataLimit } from './data-limit';
import { cleanFailure } from './failure-message';

// The memory cap the kernel enforces on each test process (data-limit.ts): Node and its workers
// start under it, an allocation past it fails at once, and the student reads that as memory.

test('a test process is started under prlimit with the data limit, its command unchanged', () => {
  expect(prlimitPath()).toMatch(/prlimit$/);
  expect(underDataLimit({ command: '/usr/bin/node', args: ['jest.js', '--ci'] })).toEqual({
    command: prlimitPath(),
    args: [`--data=${DATA_LIMIT_BYTES}`, '--', '/usr/bin/node', 'jest.js', '--ci'],
  });
});

test('under the limit Node and a worker start, and an allocation past it fails at once', () => {
  const program = `
    const { Worker } = require('worker_threads');
    new Worker('require("worker_threads").parentPort.postMessage("worker started")', { eval: true })
      .on('message', (text) => {
        console.log(text);
        const held = [];
        try {
          for (let i = 0; i < 32; i++) held.push(Buffer.alloc(64 * 1024 * 1024, 1));
          console.log('held ' + held.length * 64 + ' MB');
        } catch (error) {
          console.log(error.message + ' after ' + held.length * 64 + ' MB');
        }
        process.exit(0);
      });`;
  const { command, args } = underDataLimit({
    command: process.execPath,
    args: ['-e', program],
  });
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  expect(result.stdout).toContain('worker started');
  const refused = /Array buffer allocation failed after (\d+) MB/.exec(result.stdout);
  expect(refused).not.toBeNull();
  // Refused before the process held the whole limit in Buffers: the runtime itself counts too.
  expect(Number(refused![1]) * 1024 * 1024).toBeLessThan(DATA_LIMIT_BYTES);
});

test('an allocation the limit refused reads as memory, before V8 own words', () => {
  const { message } = cleanFailure(
    'RangeError: Array buffer allocation failed\n    at new ArrayBuffer (<anonymous>)\n    at gather.ts:3:9',
    { subjectRoot: '/work/s', graderRoot: '/work/g' },
  );
  expect(message).toMatch(/^out of memory: each process of the tests may hold at most 1536 MB/);
  expect(message).toContain('RangeError: Array buffer allocation failed');
});
