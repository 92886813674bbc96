import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { solutionsDir } from '../course/layout';
import { graderRoot } from '../paths';
import { SchemaError } from '../schemas';
import { readJudged } from './recognition-judged';

const folderWith = (document: unknown): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'judged-'));
  fs.writeFileSync(path.join(dir, 'recognition-judged.json'), JSON.stringify(document));
  return dir;
};

test("the course's own judged claims are valid", () => {
  const judged = readJudged(solutionsDir(graderRoot));
  expect(Object.keys(judged.heldOut).length).toBeGreaterThan(0);
});

test('judged claims are read per exercise', () => {
  const dir = folderWith({
    leave_one_out: { 'ex03-race-and-lock': { 'a|b': 'right' } },
    held_out: { 'ex02-threads-and-join': { 'case-one|variant-two': 'wrong' } },
  });
  expect(readJudged(dir)).toEqual({
    leaveOneOut: { 'ex03-race-and-lock': { 'a|b': 'right' } },
    heldOut: { 'ex02-threads-and-join': { 'case-one|variant-two': 'wrong' } },
  });
});

test('no file: nothing judged', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'judged-'));
  expect(readJudged(dir)).toEqual({ leaveOneOut: {}, heldOut: {} });
});

test('a misspelt judgement, a key without its claim and an unknown section are refused, each located', () => {
  const dir = folderWith({
    held_out: { 'ex02-threads-and-join': { 'case|variant': 'rigth', 'no-claim': 'right' } },
    held_in: {},
  });
  let error: unknown;
  try {
    readJudged(dir);
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(SchemaError);
  const pointers = (error as SchemaError).problems.map((problem) => problem.pointer);
  expect(pointers).toEqual(
    expect.arrayContaining(['/', '/held_out/ex02-threads-and-join/case|variant']),
  );
  expect((error as SchemaError).message).toMatch(/no-claim/);
  expect((error as SchemaError).message).toMatch(/held_in/);
});
