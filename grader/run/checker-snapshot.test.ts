import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LIMITS } from './limits';
import { buildSnapshot, checkerSnapshot, snapshotFile } from './checker-snapshot';
import type { TypecheckReply } from './typecheck-protocol';
import { startWarmServer } from './warm-server';

// The type-checker started from its startup snapshot must answer exactly as one started cold: the
// snapshot is a cache of TypeScript loaded and the standard library parsed, never a second checker.

const SERVER = path.join(__dirname, 'typecheck-server.ts');
const FLAGS = [`--max-old-space-size=${LIMITS.typecheckHeapMb}`];
const NO_SANDBOX = { kind: 'none', reason: 'test' } as const;

let dir: string;
let folder: string;
const started: ChildProcess[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checker-snapshot-'));
  folder = path.join(dir, 'snapshots');
  fs.mkdirSync(path.join(dir, 'ex'));
  // A type error, an import of Node's types and a missing module: what the libraries decide.
  fs.writeFileSync(
    path.join(dir, 'ex', 'a.ts'),
    [
      "import { Worker } from 'worker_threads';",
      "import { gone } from './gone';",
      'export const count: number = new Worker("x").threadId + "";',
      'export const sum = [1, 2].reduce((a, b) => a + b, 0).toFixed(gone);',
      '',
    ].join('\n'),
  );
});
afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

function ask(snapshot: string | undefined): Promise<TypecheckReply> {
  const server = startWarmServer(SERVER, FLAGS, NO_SANDBOX, snapshot);
  started.push(server);
  return new Promise((resolve, reject) => {
    server.once('message', (reply: TypecheckReply) => resolve(reply));
    server.once('exit', (code) => reject(new Error(`the checker exited (${code})`)));
    server.send({ files: [path.join(dir, 'ex', 'a.ts')], subjectRoot: dir });
  });
}

test('a checker started from the snapshot gives the diagnostics a cold checker gives', async () => {
  const file = snapshotFile(FLAGS, folder);
  expect(fs.existsSync(file)).toBe(false);
  expect(await buildSnapshot(file, FLAGS)).toBe(true);
  expect(fs.readdirSync(folder)).toEqual([path.basename(file)]);

  const cold = await ask(undefined);
  expect(cold).toEqual({
    kind: 'checked',
    diagnostics: [
      expect.objectContaining({ file: 'ex/a.ts', line: 2, code: 'TS2307' }),
      expect.objectContaining({ file: 'ex/a.ts', line: 3, code: 'TS2322' }),
    ],
  });
  expect(await ask(file)).toEqual(cold);
  // Once built, the snapshot for these flags is the one handed out.
  expect(checkerSnapshot(FLAGS, folder)).toBe(file);
}, 60_000);

test('the snapshot is keyed by the Node flags it was built with', () => {
  expect(snapshotFile(['--max-old-space-size=512'], folder)).not.toBe(snapshotFile(FLAGS, folder));
});

test('a second build while one holds the lock does not start', async () => {
  const file = path.join(folder, 'other.blob');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(`${file}.lock`, 'another process');
  expect(await buildSnapshot(file, FLAGS)).toBe(false);
  expect(fs.existsSync(file)).toBe(false);
});

test('GRADER_TYPECHECK_SNAPSHOT=0 hands out no snapshot', () => {
  const saved = process.env.GRADER_TYPECHECK_SNAPSHOT;
  process.env.GRADER_TYPECHECK_SNAPSHOT = '0';
  try {
    expect(checkerSnapshot(FLAGS, folder)).toBeUndefined();
  } finally {
    if (saved === undefined) delete process.env.GRADER_TYPECHECK_SNAPSHOT;
    else process.env.GRADER_TYPECHECK_SNAPSHOT = saved;
  }
});
