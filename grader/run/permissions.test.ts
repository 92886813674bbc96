import * as fs from 'fs';
import * as path from 'path';
import { temporaryFolder } from '../test/scratch';
import { permissionOptions } from './permissions';

const grants = (options: string[], flag: string) =>
  options
    .filter((option) => option.startsWith(`${flag}=`))
    .map((option) => option.slice(flag.length + 1));

test('a path inside another granted path is left out: Node 20 refuses everything otherwise', () => {
  const root = fs.realpathSync(temporaryFolder('grader-permissions-'));
  const workspace = path.join(root, 'job');
  const sibling = path.join(`${root}-other`);
  for (const dir of [workspace, sibling]) fs.mkdirSync(dir, { recursive: true });
  const options = permissionOptions({ read: [workspace, root, sibling], write: [root] });
  expect(grants(options, '--allow-fs-read').sort()).toEqual([root, sibling].sort());
  expect(grants(options, '--allow-fs-write')).toEqual([root]);
  fs.rmSync(sibling, { recursive: true, force: true });
});

test('a path is not inside another that merely starts with the same letters', () => {
  const root = fs.realpathSync(temporaryFolder('grader-permissions-'));
  const [a, ab] = [path.join(root, 'a'), path.join(root, 'ab')];
  for (const dir of [a, ab]) fs.mkdirSync(dir);
  expect(grants(permissionOptions({ read: [a, ab], write: [] }), '--allow-fs-read')).toEqual([
    a,
    ab,
  ]);
});
