import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../user-error';

// A release ships files, and the files on disk are not always the course that was committed and
// verified: an exercise solved in place to try something shipped as its own starter ("leak scan
// clean", since a starter is not a solution). So a release refuses uncommitted changes, or ships
// exactly what HEAD holds.

const git = (cwd: string, args: string[]) =>
  spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/**
 * The uncommitted changes of the git work tree holding `root` (`git status --porcelain` lines,
 * untracked files included), or undefined when `root` is not in a git work tree.
 */
export function uncommittedChanges(root: string): string[] | undefined {
  const inside = git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return undefined;
  const status = git(root, ['status', '--porcelain', '--untracked-files=all', '--', '.']);
  if (status.status !== 0) throw new UserError(`git status failed in ${root}: ${status.stderr}`);
  return status.stdout.split('\n').filter(Boolean);
}

/** What HEAD holds, written to a new folder: the course root inside it, and the commit. */
export function exportCommitted(root: string): { root: string; commit: string; dispose(): void } {
  const top = git(root, ['rev-parse', '--show-toplevel']).stdout.trim();
  const commit = git(root, ['rev-parse', '--short', 'HEAD']).stdout.trim();
  if (!top || !commit) throw new UserError(`${root} has no commit to release`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-committed-'));
  const archive = path.join(dir, 'head.tar');
  const written = git(root, ['archive', '--format=tar', '-o', archive, 'HEAD']);
  const unpacked =
    written.status === 0
      ? spawnSync('tar', ['-xf', archive, '-C', dir], { encoding: 'utf8' })
      : written;
  fs.rmSync(archive, { force: true });
  if (unpacked.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new UserError(`could not export HEAD of ${top}: ${unpacked.stderr}`);
  }
  // verify runs the committed course with the packages installed here.
  const modules = path.join(top, 'node_modules');
  if (fs.existsSync(modules)) fs.symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
  return {
    root: path.join(dir, path.relative(top, fs.realpathSync(root))),
    commit,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
