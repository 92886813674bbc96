import { spawnSync } from 'child_process';
import { fence, longestBacktickRun, renderMarkdown } from './markdown';
import { documentOf, doesNotCompile, exerciseResult, passing } from './__fixtures__/results';

const rowsOf = (markdown: string, header: string) => {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    // Cells split on pipes that are not escaped.
    rows.push(
      line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
};

test('a table of exercises: points, tests passed, status', () => {
  const markdown = renderMarkdown(documentOf(exerciseResult(), passing()), {
    pathPrefix: 'exercises/',
  });
  expect(markdown.split('\n')[0]).toBe('## Grading: 3/8 points');
  expect(rowsOf(markdown, '| Exercise | Points | Tests passed | Status |')).toEqual([
    ['ex03 The race and the lock', '1/6', '1/4', '❌ fail'],
    ['ex01 Cooperative tasks', '2/2', '1/1', '✅ pass'],
  ]);
});

test('per exercise: every test, then each failure with its message, place and hint', () => {
  const markdown = renderMarkdown(documentOf(exerciseResult()), { pathPrefix: 'exercises/' });
  expect(rowsOf(markdown, '| Test | Status | Points |')).toEqual([
    ['counts once', '✅ pass', '1/1'],
    ['ten workers, one lock: no update lost', '❌ fail', '0/2'],
    ['waits for the lock', '⏱️ timed out', '0/1'],
    ['hidden test 1', '❌ fail', '0/2'],
  ]);
  // The message is shown as written, inside a fence its backticks cannot close.
  expect(markdown).toContain(
    '```text\ngot 100% of 3:4, <b>&"quoted"</b> | `code`\nsecond line\n```',
  );
  expect(markdown).toContain('At `exercises/ex03-race-and-lock/mutex.ts:14:7`');
  expect(markdown).toContain('**Hint:** use Atomics.compareExchange');
  expect(markdown).toContain('A hidden test: its name and message are not shown.');
  expect(markdown).toContain('**Stuck?** one cell of shared memory');
});

test('a type error is shown with its place; absent hidden tests are counted', () => {
  const markdown = renderMarkdown(documentOf(doesNotCompile()), { pathPrefix: 'exercises/' });
  expect(markdown).toContain('The code does not compile, so no test ran.');
  expect(markdown).toContain(
    "exercises/ex04-worker-queue/queue.ts:3:9 TS2322 Type 'string' is not assignable to type 'number'.",
  );
  expect(markdown).toContain('Not run here: 2 hidden tests worth 4 points');
  // Skipped tests are listed, not repeated as failures.
  expect(markdown).not.toContain('<details');
});

test('a cell cannot break its table and a name cannot inject HTML', () => {
  const markdown = renderMarkdown(
    documentOf(
      exerciseResult({
        title: 'pipes | and <script>',
        tests: [
          { name: 'a | b\nc', visibility: 'visible', status: 'pass', score: 1, max_score: 1 },
        ],
      }),
    ),
  );
  expect(markdown).toContain('| ex03 pipes \\| and &lt;script&gt; |');
  expect(markdown).toContain('| a \\| b c | ✅ pass | 1/1 |');
});

test('a fence is longer than any run of backticks inside', () => {
  expect(fence('a ```` b')).toBe('`````text\na ```` b\n`````');
  expect(fence('plain')).toBe('```text\nplain\n```');
});

test('a message of hundreds of thousands of backtick runs is fenced (one pass, no spread)', () => {
  const message = '`a'.repeat(261_000) + '``````b';
  const fenced = fence(message);
  expect(fenced.startsWith('```````text\n')).toBe(true);
  expect(fenced.endsWith('\n```````')).toBe(true);
  expect(longestBacktickRun('x``y`````z`')).toBe(5);
  expect(longestBacktickRun('')).toBe(0);
});

/** A Markdown syntax tree node (mdast), as remark builds it. */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/**
 * Parses Markdown as a renderer does: prettier's markdown parser is remark (CommonMark block
 * structure, GFM tables), the rules GitHub's cmark-gfm follows for the job summary. It is reached
 * through prettier's __debug entry (exported, not typed), in a child process: prettier loads its
 * parsers with import(), which jest's module sandbox does not allow.
 */
function parseMarkdown(markdown: string): MdNode {
  const script = `require('prettier').__debug
    .parse(require('fs').readFileSync(0, 'utf8'), { parser: 'markdown' })
    .then(({ ast }) => process.stdout.write(JSON.stringify(ast, (key, value) => (key === 'position' ? undefined : value))));`;
  const result = spawnSync(process.execPath, ['-e', script], { input: markdown, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as MdNode;
}

const nodes = (node: MdNode): MdNode[] => [node, ...(node.children ?? []).flatMap(nodes)];
const textOf = (node: MdNode): string => node.value ?? (node.children ?? []).map(textOf).join('');

test('no line of the summary renders as a list item: hidden tests not run are a sentence', () => {
  const withAbsent = exerciseResult({ hidden: { absent_count: 7, absent_points: 14 } });
  const markdown = renderMarkdown(documentOf(withAbsent, doesNotCompile(), passing()), {
    pathPrefix: 'exercises/',
  });
  const tree = parseMarkdown(markdown);
  // The parser does see a list where there is one, so the check below means something.
  expect(nodes(parseMarkdown('+ 7 hidden tests\n')).map((node) => node.type)).toContain('list');
  expect(nodes(tree).filter((node) => node.type === 'list' || node.type === 'listItem')).toEqual(
    [],
  );
  const paragraphs = nodes(tree)
    .filter((node) => node.type === 'paragraph')
    .map(textOf);
  expect(paragraphs).toContain(
    'Not run here: 7 hidden tests worth 14 points, run when your work is graded.',
  );
  // The tables are tables: one per exercise with tests, and the overview.
  expect(nodes(tree).filter((node) => node.type === 'table')).toHaveLength(4);
});
