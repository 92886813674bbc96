import { execFile } from 'child_process';
import * as path from 'path';
import { stripVTControlCharacters } from 'util';
import { graderRoot } from '../paths';
import { round } from '../result/types';
import { LIMITS } from './limits';

export interface StyleVerdict {
  ok: boolean;
  unformatted: string[];
  score: number;
  max_score: number;
}

/** prettier itself failed: the grader's fault, never a reason to give or take a student's points. */
export class StyleCheckError extends Error {}

const PARSE_ERROR = /^\[error\] (.+?): SyntaxError: /;

/**
 * Formatting is advice unless the manifest gives it points. prettier runs as its own process with
 * the course's config, wherever the files are (prettier's ESM core cannot load inside jest either).
 * A file prettier cannot parse is unformatted (the student's); any other failure of prettier is
 * the grader's: with points at stake it throws StyleCheckError, as advice it is left out.
 */
export async function checkStyle(
  files: string[],
  subjectRoot: string,
  points: number,
): Promise<StyleVerdict | undefined> {
  const prettierBin = require.resolve('prettier/bin/prettier.cjs', { paths: [graderRoot] });
  const { code, stdout, stderr } = await new Promise<{
    code: number | string | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(
      process.execPath,
      [
        prettierBin,
        '--list-different',
        '--config',
        path.join(graderRoot, '.prettierrc.json'),
        ...files,
      ],
      // A CI runner may force colour on; the messages are parsed, so ask for plain text (and strip any).
      {
        cwd: graderRoot,
        timeout: LIMITS.styleMs,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? ((error as { code?: number | string }).code ?? error.message) : 0,
          stdout,
          stderr,
        }),
    );
  });
  const lines = (text: string) => stripVTControlCharacters(text).split('\n').filter(Boolean);
  const unparsable = lines(stderr)
    .map((line) => PARSE_ERROR.exec(line)?.[1])
    .filter((file): file is string => file !== undefined);
  const otherErrors = lines(stderr).filter(
    (line) =>
      line.startsWith('[error]') && !PARSE_ERROR.test(line) && !/^\[error\] +[>|\d ]/.test(line),
  );
  // prettier exits 1 when files differ and 2 when one could not be parsed; stdout lists the rest.
  const understood = code === 0 || code === 1 || (code === 2 && unparsable.length > 0);
  if (!understood || otherErrors.length > 0) {
    if (points === 0) return undefined;
    throw new StyleCheckError(
      `the grader's style check failed (prettier ${typeof code === 'number' ? `exited ${code}` : code}): ${
        otherErrors[0] ?? lines(stderr)[0] ?? 'no message'
      }`,
    );
  }
  const differing = new Set(
    [...lines(stdout), ...unparsable].map((file) => path.resolve(graderRoot, file)),
  );
  const unformatted = files
    .filter((file) => differing.has(path.resolve(file)))
    .map((file) => path.relative(subjectRoot, file).split(path.sep).join('/'));
  const ok = unformatted.length === 0;
  return { ok, unformatted, score: ok ? round(points) : 0, max_score: round(points) };
}
