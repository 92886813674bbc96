import { grade, GradeOptions } from '../commands/grade';
import { EXIT } from '../io';
import { UsageError } from '../user-error';

// The hostile test runs `grade` in a process of its own, started from a throwaway copy of the
// project: student code that kills or stops "the grader" then hits this process, never the test
// runner, and whatever it deletes or rewrites is the copy's. Usage: hostile-driver.ts '<options>'
// where <options> is GradeOptions as JSON (plus `sandbox`, which grade may or may not know yet).

const options = JSON.parse(process.argv[2]) as GradeOptions;
grade(options, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: false,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.failed;
  },
);
