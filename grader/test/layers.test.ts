import * as path from 'path';
import { importCycles, importGraph, isTestFile, specifiers } from './import-graph';

// The grader's folders are layers: a file may import from its own layer or a lower one, never a
// higher one, and no two files may import each other (directly or round a loop). Renderers can
// then be read and tested without the batch, the batch without the CLI, and so on up.

const root = path.join(__dirname, '..');

/** Lowest first. A top-level file not named here (paths.ts, schemas.ts, io.ts, ...) is layer 0. */
const LAYERS: { layer: number; folders: string[]; why: string }[] = [
  { layer: 0, folders: ['', 'runtime'], why: 'basics: paths, schemas, io, errors, the transpiler' },
  { layer: 1, folders: ['testkit', 'jest'], why: 'code that runs inside test processes' },
  { layer: 2, folders: ['course'], why: 'the course and its manifests' },
  { layer: 3, folders: ['result'], why: 'result documents and their types' },
  { layer: 4, folders: ['run'], why: 'running one exercise' },
  { layer: 5, folders: ['verify'], why: 'proving the exercises' },
  { layer: 6, folders: ['report'], why: 'renderers: documents in, text out' },
  {
    layer: 7,
    folders: ['batch', 'release', 'mutate', 'bench'],
    why: 'whole-class and course jobs',
  },
  { layer: 8, folders: ['commands'], why: 'one module per CLI command' },
  { layer: 9, folders: ['cli.ts', 'cli'], why: 'the CLI itself and its command specs' },
];

/**
 * Imports that break the rules today, each with the reason it is allowed for now. Every entry
 * must still exist (a fixed one is removed from here), so the list cannot go stale.
 */
const KNOWN_EXCEPTIONS: { from: string; to: string; why: string }[] = [];

/** The folders that are exempt: the project's own tests and their helpers. */
const EXEMPT = (file: string) => isTestFile(file) || file.startsWith('test/');

function layerOf(file: string): number {
  const top = file.includes('/') ? file.slice(0, file.indexOf('/')) : file;
  const named = LAYERS.find((entry) => entry.folders.includes(top));
  if (named) return named.layer;
  if (!file.includes('/')) return 0;
  throw new Error(`grader/${file}: its folder ${top}/ has no layer; add it to LAYERS`);
}

const excepted = (from: string, to: string) =>
  KNOWN_EXCEPTIONS.some((entry) => entry.from === from && entry.to === to);

/** Each cycle as a message; a cycle through a known exception is allowed (that edge breaks it). */
function cycleProblems(graph: Map<string, string[]>): string[] {
  return importCycles(graph)
    .filter((cycle) => !cycle.slice(1).some((to, i) => excepted(cycle[i], to)))
    .map((cycle) => `import cycle: ${cycle.map((file) => `grader/${file}`).join(' -> ')}`);
}

function upwardProblems(graph: Map<string, string[]>): string[] {
  const upward: string[] = [];
  for (const [from, targets] of graph) {
    if (EXEMPT(from)) continue;
    for (const to of targets)
      if (layerOf(to) > layerOf(from) && !excepted(from, to))
        upward.push(
          `grader/${from} (layer ${layerOf(from)}) -> grader/${to} (layer ${layerOf(to)}): ` +
            `a file may import only from its own layer or a lower one`,
        );
  }
  return upward;
}

const graph = importGraph(root);

test('the graph is read: the CLI reaches the batch, the batch the renderers and result types', () => {
  expect(graph.get('cli.ts')).toEqual(expect.arrayContaining(['cli/class-commands.ts']));
  expect(graph.get('cli/class-commands.ts')).toEqual(expect.arrayContaining(['commands/grade.ts']));
  expect(graph.get('batch/output/finalize.ts')).toEqual(
    expect.arrayContaining(['result/gradebook.ts', 'report/feedback.ts']),
  );
  expect([...graph.keys()].some(isTestFile)).toBe(false);
});

test('no file imports itself round a loop', () => {
  expect(cycleProblems(graph)).toEqual([]);
});

test('no file imports from a higher layer', () => {
  expect(upwardProblems(graph)).toEqual([]);
});

test('every known exception is still needed', () => {
  const stale = KNOWN_EXCEPTIONS.filter((entry) => !graph.get(entry.from)?.includes(entry.to)).map(
    (entry) => `${entry.from} -> ${entry.to} no longer imports: remove the exception`,
  );
  expect(stale).toEqual([]);
});

test('a cycle and an upward import are found and named file -> imported file', () => {
  const made = new Map([
    ['batch/a.ts', ['batch/b.ts', 'result/types.ts']],
    ['batch/b.ts', ['batch/a.ts', 'commands/grade.ts']],
    ['commands/grade.ts', ['batch/a.ts']],
    ['result/types.ts', []],
    ['test/helper.ts', ['cli.ts']],
    ['cli.ts', []],
  ]);
  expect(cycleProblems(made)).toEqual([
    'import cycle: grader/batch/a.ts -> grader/batch/b.ts -> grader/batch/a.ts',
    'import cycle: grader/batch/a.ts -> grader/batch/b.ts -> grader/commands/grade.ts -> grader/batch/a.ts',
  ]);
  expect(upwardProblems(made)).toEqual([
    'grader/batch/b.ts (layer 7) -> grader/commands/grade.ts (layer 8): a file may import only from its own layer or a lower one',
  ]);
  expect(() => layerOf('nowhere/x.ts')).toThrow('add it to LAYERS');
});

test('imports are read in every form the grader writes them, comments aside', () => {
  const text = [
    "import * as fs from 'fs';",
    "import type { A } from './a';",
    'import {',
    '  B,',
    '  C,',
    "} from '../b';",
    "export { D } from './d';",
    "import './side-effect';",
    "const e = require('./e');",
    "const f = await import('./f');",
    "// import { G } from './g';",
    "/* require('./h') */",
    "const url = 'https://example.org/not-an-import';",
  ].join('\n');
  expect(specifiers(text)).toEqual(['fs', './a', '../b', './d', './side-effect', './e', './f']);
});
