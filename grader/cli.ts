import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { classCommands } from './cli/class-commands';
import { courseCommands } from './cli/course-commands';
import { CommandSpec, declare, declaredValues } from './cli/spec';
import { studentCommands } from './cli/student-commands';
import { toolCommands } from './cli/tool-commands';
import { EXIT, processIo } from './io';
import { isStudentCopy, offers, STUDENT_COMMANDS } from './release/audience';
import { UsageError, UserError } from './user-error';

// A thin shell: yargs parses, each command's spec (cli/) runs a plain function that returns the
// exit code. The order here is the order `--help` lists them.
const COMMANDS: CommandSpec[] = [
  ...studentCommands,
  ...courseCommands,
  ...classCommands,
  ...toolCommands,
];

async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  // A student copy (written by `grader release`) registers the student commands only.
  const student = isStudentCopy();
  const cli = yargs(argv).scriptName('grader');
  for (const spec of COMMANDS) {
    const name = spec.command.split(' ')[0];
    if (!offers(student, name)) continue;
    cli.command({
      command: spec.command,
      describe: spec.describe,
      builder: (command) => declare(command, spec),
      handler: async (parsed) => {
        // Exactly what the spec declared, as yargs parsed and checked it against the declarations.
        exitCode = await spec.run(declaredValues(spec, parsed) as never, processIo);
      },
    });
  }
  await cli
    .demandCommand(
      1,
      `Name a command: ${student ? STUDENT_COMMANDS.join(', ') : 'check, status, validate, verify'}`,
    )
    .strict()
    .help()
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .parseAsync();
  return exitCode;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    const known = error instanceof UserError;
    process.stderr.write(`${known ? error.message : error.stack}\n`);
    if (error instanceof UsageError)
      process.stderr.write('Run `npm run grader -- --help` for the commands.\n');
    process.exitCode = known ? EXIT.usage : EXIT.failed;
  },
);
