import * as fs from 'fs';
import * as path from 'path';
import { graderRoot } from './paths';

type Schemas = typeof import('./schemas');
const cacheDir = path.join(graderRoot, '.grader', 'schema-cache');

const freshSchemas = (): Schemas => {
  let loaded: Schemas | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('./schemas') as Schemas;
  });
  return loaded!;
};

test('a schema that refers to another compiles first thing in a process', () => {
  // Compiled anew: a kept validator would skip the resolution of result.schema.json.
  for (const file of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : [])
    if (file.startsWith('grade-job-')) fs.rmSync(path.join(cacheDir, file));
  const problems = freshSchemas().schemaProblems('grade-job', {}, 'job.json');
  expect(problems.map((problem) => problem.message)).toEqual(
    expect.arrayContaining([
      "must have required property 'student'",
      "must have required property 'result'",
    ]),
  );
  expect(problems.every((problem) => problem.file === 'job.json')).toBe(true);
});

test('a validator compiled once is loaded later without ajv, with the same verdicts', () => {
  const first = freshSchemas().schemaProblems('variant', { mistake: '' }, 'variant.json');
  jest.doMock('ajv', () => {
    throw new Error('ajv was loaded');
  });
  try {
    const again = freshSchemas().schemaProblems('variant', { mistake: '' }, 'variant.json');
    expect(again).toEqual(first);
    expect(again.map((problem) => problem.rule)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^variant\.schema\.json .*minLength$/)]),
    );
  } finally {
    jest.dontMock('ajv');
  }
});
