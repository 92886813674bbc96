import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeOptions, permissionOptions } from '../run/permissions';

// A graded process in miniature: Node under the permission model with the runtime hook, as
// run/jest-attempt.ts starts jest. What it starts must stay under the same model.
const register = path.join(__dirname, 'register.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'child-guard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function graded(program: string): { out: string; status: number | null } {
  const file = path.join(dir, `program-${Math.random().toString(36).slice(2)}.js`);
  fs.writeFileSync(file, program);
  const options = permissionOptions({ read: [path.join(__dirname, '..'), dir], write: [dir] });
  const run = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions(['--require', register, ...options]) },
    timeout: 30_000,
  });
  return { out: run.stdout + run.stderr, status: run.status };
}

test('a Node child given an empty environment is still under the model', () => {
  const { out } = graded(`
    const { execFileSync } = require('child_process');
    const code = "console.log('permission ' + Boolean(process.permission)); try { require('fs').readFileSync('/proc/' + process.ppid + '/maps'); console.log('read parent'); } catch (e) { console.log(e.code); }";
    process.stdout.write(execFileSync(process.execPath, ['-e', code], { env: {}, encoding: 'utf8' }));
    require('child_process').spawn(process.execPath, ['-e', code], { env: {}, stdio: 'inherit' });
  `);
  expect(out.match(/permission true/g)).toHaveLength(2);
  expect(out.match(/ERR_ACCESS_DENIED/g)).toHaveLength(2);
  expect(out).not.toContain('read parent');
});

test('a child that is not Node, or a Node child widening the model, is refused', () => {
  const { out } = graded(`
    const cp = require('child_process');
    const tries = {
      shell: () => cp.execSync('cat /proc/self/maps'),
      dd: () => cp.execFileSync('/bin/dd', ['if=/proc/' + process.pid + '/mem']),
      widened: () => cp.execFileSync(process.execPath, ['--allow-fs-read=*', '-e', '1']),
      spawnSync: () => { throw cp.spawnSync('/bin/sh', ['-c', 'true']).error; },
    };
    for (const [name, attempt] of Object.entries(tries)) {
      try { attempt(); console.log(name + ' ran'); } catch (e) { console.log(name + ' ' + e.code); }
    }
    // Asynchronous starts fail as a program the system refuses: an 'error' event, never 'exit'.
    const child = cp.spawn('/bin/sh', ['-c', 'true']);
    child.on('error', (e) => console.log('spawn ' + e.code)).on('exit', () => console.log('spawn exited'));
    console.log('handle ' + new cp.ChildProcess()._handle.spawn({ file: '/bin/sh', args: ['sh'], envPairs: [], stdio: [] }));
  `);
  for (const name of ['shell', 'dd', 'widened', 'spawnSync', 'spawn'])
    expect(out).toContain(`${name} EACCES`);
  expect(out).toContain('handle -13');
  expect(out).toContain('graded code may start only Node');
  expect(out).not.toMatch(/ ran\n|spawn exited/);
});

test('a worker given no execArgv and an empty environment guards its children too', () => {
  const { out } = graded(`
    const { Worker } = require('worker_threads');
    new Worker("try { require('child_process').execFileSync('/bin/sh', ['-c', 'true']); console.log('worker child ran'); } catch (e) { console.log('worker ' + e.code); }", { eval: true, execArgv: [], env: {} });
  `);
  expect(out).toContain('worker EACCES');
});

test('a Node child may take only allowed options, however they are spelled', () => {
  const { out } = graded(`
    const cp = require('child_process');
    const tries = {
      underscore: ['--allow_fs_read=/', '-e', '1'],
      internals: ['--expose-internals', '-e', '1'],
      modelOff: ['--no-experimental-permission', '-e', '1'],
      afterEval: ['-e', '1', '--allow-fs-read=/'],
      v8Flag: ['--allow-natives-syntax', '-e', '1'],
    };
    for (const [name, args] of Object.entries(tries)) {
      try { cp.execFileSync(process.execPath, args); console.log(name + ' ran'); } catch (e) { console.log(name + ' ' + e.code); }
    }
    // Allowed: what fork passes by default, and options an honest program uses.
    const ok = cp.execFileSync(process.execPath, ['--max_old_space_size=64', '--no-warnings', '-e', 'console.log(1 + 1)', 'x'], { encoding: 'utf8' });
    console.log('allowed ' + ok.trim());
  `);
  for (const name of ['underscore', 'internals', 'modelOff', 'afterEval', 'v8Flag'])
    expect(out).toContain(`${name} EACCES`);
  expect(out).toContain('allowed 2');
  expect(out).not.toMatch(/ ran\n/);
});

test("a worker loads the guard before the student's execArgv, and never shares the real environment", () => {
  const { out } = graded(`
    const { Worker, SHARE_ENV } = require('worker_threads');
    const child = "try { require('child_process').execFileSync(process.execPath, ['-e', 'console.log(process.permission ? \\\\'child under model\\\\' : \\\\'child free\\\\')'], { env: {}, stdio: 'inherit' }); } catch (e) { console.log('child ' + e.code); }";
    for (const execArgv of [['--'], ['--expose-internals'], ['x.js']]) {
      try { new Worker(child, { eval: true, execArgv }); console.log('worker started'); } catch (e) { console.log('worker ' + e.code); }
    }
    delete process.env.NODE_OPTIONS;
    new Worker(child, { eval: true, execArgv: [], env: SHARE_ENV });
  `);
  expect(out.match(/worker EACCES/g)).toHaveLength(3);
  expect(out).toContain('child under model');
  expect(out).not.toMatch(/child free|worker started/);
});
