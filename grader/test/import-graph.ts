import * as fs from 'fs';
import * as path from 'path';

// The grader's own import graph, read from the source text: relative `import`/`export ... from`,
// `import()` and `require()` of every non-test .ts/.js file under grader/. Type-only imports
// count too: a cycle through types is still two files that cannot be read one without the other.

/** Folders that hold course material or generated files, not the grader's own modules. */
const SKIPPED_FOLDERS = new Set(['fixtures', '__fixtures__', 'templates', 'node_modules']);

export const isTestFile = (file: string) => /\.test\.[tj]s$/.test(file);

/** Every non-test .ts/.js file under `root`, relative to it with forward slashes, sorted. */
export function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (/\.[tj]s$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
        files.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return files.sort();
}

// `from '...'` covers import/export declarations (also multi-line ones); the others are calls.
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm;

/** The module specifiers a source text names, comments removed first. */
export function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(SPECIFIER)].map((match) => match[2]);
}

const EXTENSIONS = ['.ts', '.js', '/index.ts', '/index.js'];

/**
 * The file (relative to `root`) that a specifier in `from` names, if it is one of the grader's own;
 * `@course/x` is the grader's alias for grader/x. Packages and node built-ins give undefined.
 */
export function resolveImport(root: string, from: string, specifier: string): string | undefined {
  let target: string;
  if (specifier.startsWith('@course/')) target = path.join(root, specifier.slice(8));
  else if (specifier.startsWith('.')) target = path.join(root, path.dirname(from), specifier);
  else return undefined;
  for (const candidate of [target, ...EXTENSIONS.map((ext) => target + ext)])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile())
      return path.relative(root, candidate).split(path.sep).join('/');
  throw new Error(`${from}: cannot resolve import '${specifier}'`);
}

/** file -> the grader files it imports (inside `root` only), for every non-test source file. */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    if (isTestFile(file)) continue;
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const targets = specifiers(text)
      .map((specifier) => resolveImport(root, file, specifier))
      .filter((target): target is string => target !== undefined && !target.startsWith('..'));
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * Every import cycle, each as the files in import order with the first repeated at the end
 * (a -> b -> a). One cycle per strongly connected component's back edge is enough to name the
 * problem; each is reported once, starting from its smallest file name.
 */
export function importCycles(graph: Map<string, string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join(' -> '), [...rotated, rotated[0]]);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return [...cycles.values()];
}
