import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeOptions, permissionOptions } from '../run/permissions';

// jest's test process in miniature: Node under the permission model with the runtime hook, its
// script named as jest's (jest/bin/jest.js), a subject folder holding the "student's" file. The
// script plays the setup: it claims the controller, runs a "test" and prints what it reports.
const register = path.join(__dirname, 'register.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promise-sites-'));
const subject = path.join(dir, 'subject');
const jestScript = path.join(dir, 'jest', 'bin', 'jest.js');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const STUDENT = `
class Thread {
  start() {
    this.outcome = new Promise(() => {});
    this.done = new Promise((resolve) => resolve(1));
    return this;
  }
  join() { return this.outcome; }
}
async function gather(thread) {
  const x = 1;
  return await thread.join();
}
module.exports = { Thread, gather };
`;

function run(test: string, before = ''): { out: string; err: string } {
  fs.mkdirSync(subject, { recursive: true });
  fs.mkdirSync(path.dirname(jestScript), { recursive: true });
  fs.writeFileSync(path.join(subject, 'threads.js'), STUDENT);
  fs.writeFileSync(
    jestScript,
    `const { claimPromiseSites } = require(${JSON.stringify(path.join(__dirname, 'promise-sites.js'))});
     const sites = claimPromiseSites();
     const again = claimPromiseSites();
     ${before}
     const { Thread, gather } = require(${JSON.stringify(path.join(subject, 'threads.js'))});
     (async () => {
       sites.begin();
       ${test}
       await new Promise((resolve) => setTimeout(resolve, 20));
       console.log(JSON.stringify({ claimedAgain: again !== undefined, pending: sites.pending() }));
       sites.end();
     })();`,
  );
  const options = permissionOptions({ read: [path.join(__dirname, '..', '..'), dir], write: [] });
  const result = spawnSync(process.execPath, [jestScript], {
    env: {
      PATH: process.env.PATH,
      GRADER_SUBJECT_ROOT: subject,
      NODE_OPTIONS: nodeOptions(['--require', register, ...options]),
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { out: result.stdout, err: result.stderr };
}

const file = () => path.join(subject, 'threads.js');

test("a promise the student's code made and never settled is reported where it was made, once claimed", () => {
  const { out, err } = run('const thread = new Thread().start(); gather(thread);');
  expect(err).toBe('');
  const report = JSON.parse(out) as { claimedAgain: boolean; pending: unknown[] };
  // Claimed once: graded code, loaded after the setup, finds no claim.
  expect(report.claimedAgain).toBe(false);
  // The settled `done` is not there; the outcome is (made by new Promise on line 4, 0-based 3),
  // waited on by gather (line 12), and gather's own promise never finished either.
  expect(report.pending).toEqual([
    {
      made: 'created',
      at: { fn: 'Thread.start', url: file(), line: 3, col: 19 },
      awaited: { fn: 'gather', url: file(), line: 11, col: 22 },
    },
    { made: 'started', at: { fn: 'gather', url: file(), line: 9, col: expect.any(Number) } },
  ]);
});

test('no promise is reported that was made outside the subject, or outside a test', () => {
  const { out } = run(
    'new Promise(() => {}); Promise.resolve(1).then(() => new Promise(() => {}));',
  );
  expect(JSON.parse(out).pending).toEqual([]);
});

test('a planted prepareStackTrace getter or a replaced Error is never called by the hook', () => {
  const { out, err } = run(
    'const thread = new Thread().start(); gather(thread); console.log("calls " + globalThis.calls);',
    `globalThis.calls = 0;
     Object.defineProperty(Error, 'prepareStackTrace', { configurable: true, get() { globalThis.calls++; return undefined; } });`,
  );
  expect(err).toBe('');
  const [calls, report] = out.trim().split('\n');
  expect(calls).toBe('calls 0');
  // Without a stack it may read, it notes nothing: the verdict only loses its line.
  expect(JSON.parse(report).pending).toEqual([]);
});

test('accessors planted on the prototype chain are never called by the hook, which still notes', () => {
  // Assigning Error.prepareStackTrace would call a setter on Function.prototype, and Node would
  // then read its getter; a descriptor literal would read `get` from Object.prototype.
  const { out, err } = run(
    'const thread = new Thread().start(); gather(thread); console.log("calls " + globalThis.calls);',
    `globalThis.calls = 0;
     delete Error.prepareStackTrace;
     const count = (value) => ({ configurable: true, get() { globalThis.calls++; return value; }, set() { globalThis.calls++; } });
     Object.defineProperty(Function.prototype, 'prepareStackTrace', count((_e, sites) => sites));
     Object.defineProperty(Object.prototype, 'get', count(undefined));`,
  );
  expect(err).toBe('');
  const [calls, report] = out.trim().split('\n');
  expect(calls).toBe('calls 0');
  expect(JSON.parse(report).pending).toEqual([
    expect.objectContaining({
      made: 'created',
      at: expect.objectContaining({ fn: 'Thread.start' }),
    }),
    expect.objectContaining({ made: 'started' }),
  ]);
});
