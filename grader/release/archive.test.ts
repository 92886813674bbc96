import { spawnSync } from 'child_process';
import { zipSync } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';
import { listFiles, readArchive, writeTarGz } from './archive';
import { temporaryFolder } from '../test/scratch';

const temp = () => temporaryFolder('grader-archive-');
const longName = `${'deeply-nested-folder/'.repeat(6)}a-file-whose-path-is-longer-than-a-tar-header.test.ts`;

function sampleTree(): string {
  const dir = temp();
  const files: Record<string, Buffer> = {
    'ex03-race-and-lock/exercise.json': Buffer.from('{"id":"ex03"}\n'),
    'ex03-race-and-lock/hidden/mutex.test.ts': Buffer.from('test("x", () => {});\n'),
    [longName]: Buffer.from('long\n'),
    'binary.bin': Buffer.from([0, 1, 2, 255, 0]),
  };
  for (const [relative, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), data);
  }
  return dir;
}

test('a .tar.gz written here reads back byte for byte, long paths included', () => {
  const dir = sampleTree();
  const out = path.join(temp(), 'bundle.tar.gz');
  expect(writeTarGz(out, dir)).toEqual(listFiles(dir));
  const entries = readArchive(out);
  expect(entries.map((entry) => entry.path).sort()).toEqual(listFiles(dir));
  for (const entry of entries)
    expect(entry.data.equals(fs.readFileSync(path.join(dir, entry.path)))).toBe(true);
});

const hasTar = spawnSync('tar', ['--version']).status === 0;
(hasTar ? test : test.skip)("the system tar reads ours, and we read the system tar's", () => {
  const dir = sampleTree();
  const ours = path.join(temp(), 'ours.tar.gz');
  writeTarGz(ours, dir);
  const listed = spawnSync('tar', ['-tzf', ours], { encoding: 'utf8' });
  expect(listed.status).toBe(0);
  expect(listed.stdout.trim().split('\n').sort()).toEqual(listFiles(dir));

  const theirs = path.join(temp(), 'theirs.tgz');
  expect(spawnSync('tar', ['-czf', theirs, '-C', dir, '.']).status).toBe(0);
  expect(
    readArchive(theirs)
      .map((entry) => entry.path)
      .sort(),
  ).toEqual(listFiles(dir));
});

test('a .zip reads, folders left out', () => {
  const file = path.join(temp(), 'bundle.zip');
  fs.writeFileSync(
    file,
    zipSync({ 'ex03-race-and-lock/': {}, 'ex03-race-and-lock/hidden/a.test.ts': Buffer.from('a') }),
  );
  expect(readArchive(file).map((entry) => [entry.path, entry.data.toString()])).toEqual([
    ['ex03-race-and-lock/hidden/a.test.ts', 'a'],
  ]);
});

test('an entry that would land outside the folder is refused', () => {
  const file = path.join(temp(), 'evil.zip');
  fs.writeFileSync(file, zipSync({ '../outside.ts': Buffer.from('x') }));
  expect(() => readArchive(file)).toThrow(/refusing the entry "..\/outside.ts"/);
  const notes = path.join(temp(), 'notes.txt');
  fs.writeFileSync(notes, 'not an archive');
  expect(() => readArchive(notes)).toThrow(/not an archive this grader reads/);
});
