import * as fs from 'fs';
import * as path from 'path';
import { release } from '../../commands/release';
import { processIo } from '../../io';
import { miniCourse } from './mini-course';

// `grader release` of a fresh mini course that verify can prove (and has never proved), as its
// own process, so that a test can stop it with a real SIGINT: node release-mini.ts <out>.
const root = miniCourse();
fs.rmSync(path.join(root, 'solutions/ex90-mini/wrong'), { recursive: true });
fs.appendFileSync(path.join(root, 'solutions/ex90-mini/sum.ts'), `// ${path.basename(root)}\n`);
release({ root, out: process.argv[2], runs: 3 }, processIo).then(
  (code) => {
    fs.rmSync(root, { recursive: true, force: true });
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  },
);
