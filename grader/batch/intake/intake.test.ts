import * as fs from 'fs';
import * as path from 'path';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import { loadCourse } from '../../course/load';
import { batchCourse } from '../../test/batch-class';
import { temporaryFolder } from '../../test/scratch';
import { grade } from '../../commands/grade';
import { renderCsv } from '../../report/gradebook-csv';
import type { Gradebook } from '../../result/gradebook';
import { openSubmission, takeStudentFiles, uniqueFileNames } from './intake';
import { parseShard, shardStudents } from '../schedule/plan';
import { folderFiles } from './folder-source';
import { DEFAULT_LIMITS, MAX_LISTED_FILES } from './source';
import { listSubmissions } from './submissions';
import { unixModes } from './zip-source';

// What a submission may hand the grader, without running anything: every refusal has a reason.
const course = loadCourse(batchCourse);
const [lock, gather] = course.exercises;
const layout = new Set(['exercises', ...course.exercises.map((exercise) => exercise.folder)]);
const unique = uniqueFileNames(course.exercises);
const source = 'export class AsyncLock {}\n';

const tmp = () => temporaryFolder('grader-intake-');
function folder(files: Record<string, string | Buffer>): string {
  const root = tmp();
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}
function zip(entries: Parameters<typeof zipSync>[0]): string {
  const file = path.join(tmp(), 'student.zip');
  fs.writeFileSync(file, zipSync(entries));
  return file;
}
const take = (
  where: string,
  exercise = lock,
  limits = DEFAULT_LIMITS,
  kind: 'folder' | 'zip' = where.endsWith('.zip') ? 'zip' : 'folder',
) =>
  takeStudentFiles(
    openSubmission({ id: 's', path: where, kind }, limits, layout),
    exercise,
    unique,
  );

test('a student repository gives the declared file and nothing else', () => {
  const intake = take(
    folder({
      'exercises/ex01-lock/lock.ts': source,
      'exercises/ex01-lock/tests/lock.test.ts': 'tampered',
      'package.json': '{}',
    }),
  );
  expect(intake.submitted).toBe(true);
  expect(intake.files).toEqual([
    { file: 'lock.ts', status: 'taken', from: 'exercises/ex01-lock/lock.ts' },
  ]);
  expect([...intake.contents.keys()]).toEqual(['lock.ts']);
  expect(intake.contents.get('lock.ts')!.toString()).toBe(source);
});

test('one wrapping folder is looked through, in a folder and in a zip', () => {
  expect(take(folder({ 'repo/exercises/ex01-lock/lock.ts': source })).files[0].from).toBe(
    'repo/exercises/ex01-lock/lock.ts',
  );
  const zipped = take(
    zip({
      'alice-main/ex01-lock/lock.ts': Buffer.from(source),
      '__MACOSX/alice-main/._lock.ts': Buffer.from('junk'),
    }),
  );
  expect(zipped.files[0]).toMatchObject({ status: 'taken', from: 'alice-main/ex01-lock/lock.ts' });
});

test('a bare file name counts only when no other exercise graded has a file of that name', () => {
  expect(take(folder({ 'lock.ts': source })).files[0]).toMatchObject({
    status: 'taken',
    from: 'lock.ts',
  });
  const shared = takeStudentFiles(
    openSubmission(
      { id: 's', path: folder({ 'lock.ts': source }), kind: 'folder' },
      DEFAULT_LIMITS,
      layout,
    ),
    lock,
    uniqueFileNames([lock, { ...gather, files: ['lock.ts'] }]),
  );
  expect(shared.files[0]).toMatchObject({ status: 'missing' });
});

test('a missing file is not submitted, and says where it was looked for', () => {
  const intake = take(folder({ 'README.md': 'hi' }));
  expect(intake.submitted).toBe(false);
  expect(intake.files[0]).toEqual({
    file: 'lock.ts',
    status: 'missing',
    reason:
      'lock.ts not found (looked for exercises/ex01-lock/lock.ts, ex01-lock/lock.ts, lock.ts)',
  });
});

test('links are refused, whether the file or a folder on its path', () => {
  const elsewhere = folder({ 'lock.ts': source });
  const fileLink = folder({ 'README.md': '' });
  fs.mkdirSync(path.join(fileLink, 'ex01-lock'));
  fs.symlinkSync(path.join(elsewhere, 'lock.ts'), path.join(fileLink, 'ex01-lock', 'lock.ts'));
  expect(take(fileLink).files[0]).toMatchObject({
    status: 'refused',
    reason: 'ex01-lock/lock.ts is a symbolic link (links are never followed)',
  });
  const folderLink = folder({ 'README.md': '' });
  fs.symlinkSync(elsewhere, path.join(folderLink, 'exercises'));
  expect(take(folderLink).files[0]).toMatchObject({
    status: 'refused',
    reason: 'exercises is a symbolic link (links are never followed)',
  });
});

test('binary, non-UTF-8 and oversized files are refused with the reason', () => {
  const reason = (content: string | Buffer, limits = DEFAULT_LIMITS) =>
    take(folder({ 'exercises/ex01-lock/lock.ts': content }), lock, limits).files[0].reason;
  expect(reason(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]))).toBe(
    'exercises/ex01-lock/lock.ts is binary, not TypeScript source',
  );
  expect(reason(Buffer.from([0x2f, 0x2f, 0xff, 0xfe, 0x0a]))).toBe(
    'exercises/ex01-lock/lock.ts is not UTF-8 text',
  );
  expect(reason('x'.repeat(5000), { ...DEFAULT_LIMITS, maxFileBytes: 4096 })).toBe(
    'exercises/ex01-lock/lock.ts is 5 KB, over the 4 KB limit',
  );
});

test('a zip: links and escaping paths are refused; a bomb is refused before it is inflated', () => {
  const link = zip({
    'exercises/ex01-lock/lock.ts': [
      Buffer.from('../../etc/passwd'),
      { os: 3, attrs: (0o120777 << 16) >>> 0 },
    ],
  });
  expect(unixModes(fs.readFileSync(link)).get('exercises/ex01-lock/lock.ts')).toBe(0o120777);
  expect(take(link).files[0].reason).toBe(
    'exercises/ex01-lock/lock.ts is a symbolic link (links are never followed)',
  );
  expect(
    take(zip({ 'a/../exercises/ex01-lock/lock.ts': Buffer.from(source) })).files[0].reason,
  ).toBe('a/../exercises/ex01-lock/lock.ts has a path that leaves the submission');
  const bomb = zip({ 'exercises/ex01-lock/lock.ts': Buffer.alloc(50 * 1024 * 1024) });
  expect(fs.statSync(bomb).size).toBeLessThan(200 * 1024);
  expect(take(bomb).files[0].reason).toBe(
    'exercises/ex01-lock/lock.ts is 51200 KB, over the 256 KB limit',
  );
});

test('a zip with a second entry of the same name: only the entry that was size-checked is inflated', () => {
  const chunks: Uint8Array[] = [];
  const archive = new Zip((_error, chunk) => chunks.push(chunk));
  for (const body of [Buffer.from(source), Buffer.alloc(20 * 1024 * 1024)]) {
    const entry = new ZipDeflate('exercises/ex01-lock/lock.ts', { level: 9 });
    archive.add(entry);
    entry.push(body, true);
  }
  archive.end();
  const file = path.join(tmp(), 'twice.zip');
  fs.writeFileSync(file, Buffer.concat(chunks));
  const taken = take(file);
  expect(taken.files[0].reason).toBeUndefined();
  expect(taken.contents.get('lock.ts')?.toString()).toBe(source);
});

test('a file that is not a zip refuses every file with one reason', () => {
  const file = path.join(tmp(), 'bob.zip');
  fs.writeFileSync(file, 'hello');
  expect(take(file).files[0]).toMatchObject({
    status: 'refused',
    reason: 'bob.zip could not be read as a zip (invalid zip data)',
  });
});

test('the class: one entry per student, sorted; strays and duplicates are listed, not graded', () => {
  const dir = folder({
    'bob/README.md': '',
    'alice/README.md': '',
    '.DS_Store': '',
    'notes.txt': '',
  });
  fs.writeFileSync(path.join(dir, 'alice.zip'), zipSync({}));
  fs.writeFileSync(path.join(dir, 'carol.ZIP'), zipSync({}));
  const { submissions, ignored } = listSubmissions(dir);
  expect(submissions.map((entry) => [entry.id, entry.kind])).toEqual([
    ['alice', 'folder'],
    ['bob', 'folder'],
    ['carol', 'zip'],
  ]);
  expect(ignored).toEqual([
    { name: 'alice.zip', reason: 'alice is already student "alice"' },
    { name: 'notes.txt', reason: 'neither a folder nor a .zip' },
  ]);
});

test('shards are disjoint, cover the class, and are balanced to one student', () => {
  const students = Array.from({ length: 11 }, (_, index) => `s${String(index).padStart(2, '0')}`);
  const shards = [1, 2, 3].map((index) => shardStudents(students, { index, count: 3 }));
  expect(shards.map((shard) => shard.length)).toEqual([4, 4, 3]);
  expect(shards.flat().sort()).toEqual(students);
  expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  for (const bad of ['0/2', '3/2', '1', 'a/b'])
    expect(() => parseShard(bad)).toThrow(/--shard must be i\/n/);
});

test('the CSV quotes what needs quoting and defuses spreadsheet formulas', () => {
  const row = (id: string) => ({
    id,
    exercises: { ex01: { score: 1.5, max_score: 8, status: 'fail' as const } },
    total: 1.5,
    max: 8,
  });
  const gradebook = {
    exercises: [{ id: 'ex01', title: 't', max_score: 8 }],
    students: [row('plain'), row('=HYPERLINK("x")'), row('a,b')],
  } as unknown as Gradebook;
  expect(renderCsv(gradebook).split('\r\n')).toEqual([
    'student,name,email,sis_id,section,late,ex01,ex01 status,total,max',
    'Points Possible,,,,,,8,,8,8',
    'plain,,,,,,1.5,fail,1.5,8',
    '"\'=HYPERLINK(""x"")",,,,,,1.5,fail,1.5,8',
    '"a,b",,,,,,1.5,fail,1.5,8',
    '',
  ]);
});

test('an --out folder inside the submissions folder is refused: it would be graded as a student', async () => {
  const dir = folder({ 'alice/README.md': '' });
  const io = { out: () => undefined, err: () => undefined, color: false };
  await expect(
    grade({ submissions: dir, out: path.join(dir, 'results'), course: batchCourse, jobs: 1 }, io),
  ).rejects.toThrow('--out must be outside the submissions folder');
});

test('a folder lists its files for the accounting, links unfollowed, tool noise and runaway trees cut', () => {
  const dir = temporaryFolder('grader-list-');
  fs.mkdirSync(path.join(dir, 'exercises', 'ex01-lock'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'exercises', 'ex01-lock', 'lock.ts'), 'x');
  fs.mkdirSync(path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref');
  fs.mkdirSync(path.join(dir, 'node_modules', 'a'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'a', 'index.js'), '');
  fs.symlinkSync('/etc', path.join(dir, 'elsewhere'));
  const files = folderFiles(dir, DEFAULT_LIMITS, new Set(['exercises']));
  expect(files.list()).toEqual(['elsewhere', 'exercises/ex01-lock/lock.ts']);
  const many = temporaryFolder('grader-list-many-');
  for (let index = 0; index < MAX_LISTED_FILES + 10; index++)
    fs.writeFileSync(path.join(many, `f${index}.txt`), '');
  expect(folderFiles(many, DEFAULT_LIMITS, new Set()).list()).toHaveLength(MAX_LISTED_FILES);
});
