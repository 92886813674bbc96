import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeOptions, permissionOptions } from '../run/permissions';

// A graded process in miniature, as in child-guard.test.ts: Node under the permission model with
// the runtime hook. The model leaves V8's flags and heap snapshots open; the hook closes them.
const register = path.join(__dirname, 'register.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagnostics-guard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Every route tried, each printing "<name> <error code or 'open'>".
const TRIES = `
  const v8 = require('v8');
  const tries = {
    setFlagsFromString: () => v8.setFlagsFromString('--allow-natives-syntax'),
    getHeapSnapshot: () => v8.getHeapSnapshot().destroy(),
    writeHeapSnapshot: () => v8.writeHeapSnapshot(require('path').join(${JSON.stringify(dir)}, 'heap-' + Math.random() + '.heapsnapshot')),
    nearHeapLimit: () => v8.setHeapSnapshotNearHeapLimit(1),
    builtinModule: () => process.getBuiltinModule('node:v8').getHeapSnapshot(),
    activeHandles: () => process._getActiveHandles(),
    activeRequests: () => process._getActiveRequests(),
    createHook: () => require('async_hooks').createHook({}).enable(),
    executionAsyncResource: () => require('async_hooks').executionAsyncResource(),
    promiseHooks: () => v8.promiseHooks.onInit(() => undefined),
    promiseHooksReplaced: () => { v8.promiseHooks = { onInit: () => 'patched back' }; return v8.promiseHooks.onInit(() => undefined); },
    reassigned: () => { v8.setFlagsFromString = () => 'patched back'; return v8.setFlagsFromString('--allow-natives-syntax'); },
  };
  const where = require('worker_threads').isMainThread ? 'main' : 'worker';
  for (const [name, attempt] of Object.entries(tries)) {
    try { attempt(); console.log(where + ' ' + name + ' open'); } catch (e) { console.log(where + ' ' + name + ' ' + e.code); }
  }
`;

function run(program: string, confined: boolean): string {
  const file = path.join(dir, `program-${Math.random().toString(36).slice(2)}.js`);
  fs.writeFileSync(file, program);
  const options = confined
    ? permissionOptions({ read: [path.join(__dirname, '..'), dir], write: [dir] })
    : [];
  const result = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions(['--require', register, ...options]) },
    timeout: 60_000,
  });
  return result.stdout + result.stderr;
}

test('a graded thread can neither change V8 flags nor snapshot a heap nor list active handles', () => {
  const out = run(
    `${TRIES}
    const { Worker } = require('worker_threads');
    if (where === 'main') {
      new Worker(__filename, { execArgv: [], env: {} });
      new Worker(__filename).on('online', function () {
        try { this.getHeapSnapshot(); console.log('main workerSnapshot open'); } catch (e) { console.log('main workerSnapshot ' + e.code); }
      });
    }`,
    true,
  );
  for (const where of ['main', 'worker'])
    for (const name of [
      'setFlagsFromString',
      'getHeapSnapshot',
      'writeHeapSnapshot',
      'nearHeapLimit',
      'builtinModule',
      'activeHandles',
      'activeRequests',
      'createHook',
      'executionAsyncResource',
      'promiseHooks',
      'promiseHooksReplaced',
    ])
      expect(out).toContain(`${where} ${name} ERR_ACCESS_DENIED`);
  expect(out.match(/worker setFlagsFromString ERR_ACCESS_DENIED/g)).toHaveLength(2);
  expect(out).toContain('main workerSnapshot ERR_ACCESS_DENIED');
  expect(out).not.toMatch(/ open\n/);
  // Non-writable: assigning fails silently outside strict mode and changes nothing.
  expect(out).toContain('main reassigned ERR_ACCESS_DENIED');
});

test('an ungraded process (the grader itself) keeps them', () => {
  const out = run(TRIES, false);
  expect(out).toContain('main setFlagsFromString open');
  expect(out).toContain('main activeHandles open');
  expect(out).toContain('main createHook open');
});

test('AsyncLocalStorage (jest-circus keeps its test context in one) works with promise hooks closed', () => {
  const out = run(
    `const { AsyncLocalStorage } = require('async_hooks');
     const storage = new AsyncLocalStorage();
     storage.run('kept', async () => {
       await new Promise((resolve) => setTimeout(resolve, 5));
       await null;
       console.log('store ' + storage.getStore());
     });`,
    true,
  );
  expect(out).toContain('store kept');
});
