import * as fs from 'fs';
import * as path from 'path';
import * as prettier from 'prettier';
import { courseRoot } from '../paths';
import { round } from '../result/types';

/** Formatting is advice unless the manifest gives it points; the course's prettier config rules. */
export async function checkStyle(files: string[], subjectRoot: string, points: number) {
  const options = (await prettier.resolveConfig(path.join(courseRoot, 'package.json'))) ?? {};
  const unformatted: string[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    const formatted = await prettier
      .check(source, { ...options, filepath: file })
      .catch(() => true);
    if (!formatted) unformatted.push(path.relative(subjectRoot, file).split(path.sep).join('/'));
  }
  const ok = unformatted.length === 0;
  return { ok, unformatted, score: ok ? round(points) : 0, max_score: round(points) };
}
