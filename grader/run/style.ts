import { execFile } from 'child_process';
import * as path from 'path';
import { courseRoot } from '../paths';
import { round } from '../result/types';

/**
 * Formatting is advice unless the manifest gives it points. prettier runs as its own process with
 * the course's config, wherever the files are (prettier's ESM core cannot load inside jest either).
 */
export async function checkStyle(files: string[], subjectRoot: string, points: number) {
  const prettierBin = require.resolve('prettier/bin/prettier.cjs', { paths: [courseRoot] });
  const listed = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [
        prettierBin,
        '--list-different',
        '--config',
        path.join(courseRoot, '.prettierrc.json'),
        ...files,
      ],
      { cwd: courseRoot, timeout: 30_000 },
      // prettier exits 1 when files differ; stdout lists them either way.
      (_error, stdout) => resolve(stdout),
    );
  });
  const differing = new Set(
    listed
      .split('\n')
      .filter(Boolean)
      .map((file) => path.resolve(courseRoot, file)),
  );
  const unformatted = files
    .filter((file) => differing.has(path.resolve(file)))
    .map((file) => path.relative(subjectRoot, file).split(path.sep).join('/'));
  const ok = unformatted.length === 0;
  return { ok, unformatted, score: ok ? round(points) : 0, max_score: round(points) };
}
