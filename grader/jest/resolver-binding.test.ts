import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ResolverFactory } = require('./resolver-binding') as {
  ResolverFactory: new (options: { extensions?: string[] }) => {
    sync(basedir: string, request: string): { path?: string; error?: string };
    async(basedir: string, request: string): Promise<{ path?: string; error?: string }>;
    cloneWithOptions(options: { extensions?: string[] }): unknown;
  };
};

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'resolver-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (file: string, text = '') => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

test('finds what jest asks of its resolver in a graded run, as the native one would', async () => {
  write('src/board.ts');
  write('src/lib/index.ts');
  write('src/pkg/package.json', JSON.stringify({ main: 'main' }));
  write('src/pkg/main.js');
  const resolver = new ResolverFactory({ extensions: ['.js', '.ts'] });
  const from = path.join(dir, 'src');
  expect(resolver.sync(from, './board')).toEqual({ path: path.join(dir, 'src/board.ts') });
  expect(resolver.sync(from, path.join(dir, 'src/board.ts')).path).toBe(
    path.join(dir, 'src/board.ts'),
  );
  expect(resolver.sync(from, './lib').path).toBe(path.join(dir, 'src/lib/index.ts'));
  expect(resolver.sync(from, './pkg').path).toBe(path.join(dir, 'src/pkg/main.js'));
  expect(resolver.sync(__dirname, 'jest').path).toBe(require.resolve('jest'));
  expect(resolver.sync(from, './missing').error).toMatch(/Cannot find module '.\/missing'/);
  // (Inside this test, require.resolve is jest's: its words differ from Node's.)
  expect(resolver.sync(from, 'no-such-package-anywhere').error).toMatch(
    /Cannot (find|resolve) module/,
  );
  expect(await resolver.async(from, './board')).toEqual(resolver.sync(from, './board'));
});
