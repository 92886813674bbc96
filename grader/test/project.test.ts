import { spawnSync } from 'child_process';
import * as path from 'path';
import { graderRoot } from '../paths';

// The project keeps its own promises: formatted, type-correct.
const bin = (name: string) => path.join(graderRoot, 'node_modules', '.bin', name);

test('the project is prettier-clean', () => {
  const result = spawnSync(bin('prettier'), ['--check', '.'], {
    cwd: graderRoot,
    encoding: 'utf8',
  });
  expect(result.stdout + result.stderr).toContain('All matched files use Prettier code style!');
  expect(result.status).toBe(0);
});

test('the project type-checks (grader, tests against the solutions)', () => {
  const result = spawnSync(bin('tsc'), ['-p', '.'], { cwd: graderRoot, encoding: 'utf8' });
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});
