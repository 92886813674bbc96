import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { isRunning } from '../testkit/children';
import { sharedTypecheckSocket, sharedTypecheckWanted, typecheckShared } from './shared-typecheck';

// The checker a student's checks share: started by the first, answering the next, gone when idle.
let dir: string;
let socketPath: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-typecheck-'));
  socketPath = path.join(dir, 'checker.sock');
  fs.writeFileSync(path.join(dir, 'good.ts'), 'export const two: number = 1 + 1;\n');
  fs.writeFileSync(path.join(dir, 'bad.ts'), 'export const two: number = "two";\n');
});
afterEach(async () => {
  const pid = await checkerPid().catch(() => undefined);
  if (pid !== undefined) process.kill(pid, 'SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The pid the listening checker announces to every connection. */
function checkerPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    socket.setEncoding('utf8');
    socket.once('data', (line: string) => {
      socket.destroy();
      resolve((JSON.parse(line.split('\n')[0]) as { pid: number }).pid);
    });
    socket.once('error', reject);
  });
}

const check = (file: string, idleMs = 60_000) =>
  typecheckShared({ files: [path.join(dir, file)], subjectRoot: dir }, { socketPath, idleMs });

test('the first check starts the checker and the next ones are answered by the same one', async () => {
  expect(await check('bad.ts')).toEqual({
    kind: 'checked',
    diagnostics: [expect.objectContaining({ file: 'bad.ts', line: 1, code: 'TS2322' })],
  });
  const first = await checkerPid();
  expect(await check('good.ts')).toEqual({ kind: 'checked', diagnostics: [] });
  expect(await checkerPid()).toBe(first);
});

test('a socket left by a checker that was killed is replaced by a new checker', async () => {
  await check('good.ts');
  const killed = await checkerPid();
  process.kill(killed, 'SIGKILL');
  while (isRunning(killed)) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(fs.existsSync(socketPath)).toBe(true);
  expect(await check('bad.ts')).toMatchObject({ kind: 'checked', diagnostics: [{ line: 1 }] });
  expect(await checkerPid()).not.toBe(killed);
});

test('the checker exits by itself once nobody has asked anything for its idle time', async () => {
  await check('good.ts', 300);
  const pid = await checkerPid();
  const giveUpAt = Date.now() + 20_000;
  while (isRunning(pid) && Date.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(isRunning(pid)).toBe(false);
  expect(fs.existsSync(socketPath)).toBe(false);
});

test('the shared checker refuses an import of course code as the cold one does', async () => {
  // Beside the student's file, as an exercise's hidden/ is beside a check in place.
  fs.mkdirSync(path.join(dir, 'hidden'));
  fs.writeFileSync(path.join(dir, 'hidden', 'steering.ts'), 'export const STEER_PHASE = 41;\n');
  fs.writeFileSync(
    path.join(dir, 'leaks.ts'),
    "import * as helper from './hidden/steering';\nexport const leak: string = { ...helper };\n",
  );
  const reply = await check('leaks.ts');
  expect(reply).toEqual({
    kind: 'checked',
    diagnostics: [expect.objectContaining({ file: 'leaks.ts', line: 1, code: 'TS2307' })],
  });
  expect(JSON.stringify(reply)).toContain("'./hidden/steering' is not available to your code");
  expect(JSON.stringify(reply)).not.toMatch(/STEER_PHASE|41/);
});

test('checks share a checker only outside CI and where not turned off', () => {
  expect(sharedTypecheckWanted({})).toBe(process.platform !== 'win32');
  expect(sharedTypecheckWanted({ CI: 'true' })).toBe(false);
  expect(sharedTypecheckWanted({ GRADER_SHARED_TYPECHECK: '0' })).toBe(false);
});

describe('the socket lives in a folder only this user can enter', () => {
  const ownFolder = () => path.join(dir, `grader-${process.getuid!()}`);

  test('made private when it does not exist', () => {
    expect(path.dirname(sharedTypecheckSocket(dir))).toBe(ownFolder());
    expect(fs.statSync(ownFolder()).mode & 0o777).toBe(0o700);
  });

  test('a folder open to others is not used: the check gets no shared answer', async () => {
    fs.mkdirSync(ownFolder());
    fs.chmodSync(ownFolder(), 0o777);
    const request = { files: [path.join(dir, 'good.ts')], subjectRoot: dir };
    expect(await typecheckShared(request, { tmpDir: dir })).toBeUndefined();
  });
});
