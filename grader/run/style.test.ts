import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkStyle, StyleCheckError } from './style';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-style-'));
const file = (name: string, text: string) => {
  fs.writeFileSync(path.join(root, name), text);
  return path.join(root, name);
};
const tidy = file('tidy.ts', 'export const x = 1;\n');
const untidy = file('untidy.ts', 'export const y=1\n');
const broken = file('broken.ts', 'export const z = ;\n');

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('formatted files earn the style points', async () => {
  await expect(checkStyle([tidy], root, 2)).resolves.toEqual({
    ok: true,
    unformatted: [],
    score: 2,
    max_score: 2,
  });
});

test('files prettier would change, or cannot parse, are named and earn nothing', async () => {
  await expect(checkStyle([tidy, untidy, broken], root, 2)).resolves.toEqual({
    ok: false,
    unformatted: ['untidy.ts', 'broken.ts'],
    score: 0,
    max_score: 2,
  });
});

test('prettier failing for its own reasons is the grader error, never points', async () => {
  const missing = path.join(root, 'no-such-file.ts');
  await expect(checkStyle([tidy, missing], root, 2)).rejects.toThrow(StyleCheckError);
  await expect(checkStyle([tidy, missing], root, 2)).rejects.toThrow(
    /the grader's style check failed: .*no-such-file/,
  );
  // As advice only, there is nothing to say rather than a wrong "formatted".
  await expect(checkStyle([tidy, missing], root, 0)).resolves.toBeUndefined();
});
