import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UnknownExerciseError } from './course/find';
import { check } from './commands/check';
import { EXIT, processIo, UsageError } from './commands/io';
import { hint } from './commands/hint';
import { list } from './commands/list';
import { validate } from './commands/validate';
import { verify } from './commands/verify';
import { watch } from './commands/watch';
import { SchemaError } from './schemas';

// A thin shell: yargs parses, plain functions do the work and return the exit code.
async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run = (work: () => number | Promise<number>) => async () => {
    exitCode = await work();
  };
  await yargs(argv)
    .scriptName('grader')
    .command(
      'check <exercise>',
      'Type-check and test one exercise (ex04, 4 or its slug) and explain the result',
      (command) =>
        command
          .positional('exercise', { type: 'string', demandOption: true })
          .option('watch', { type: 'boolean', describe: 'Check again whenever you save' })
          .option('json', {
            type: 'string',
            describe: 'Also write the result document (schemas/result.schema.json) here',
          })
          .option('reveal', {
            type: 'boolean',
            describe: "Show hidden tests' names and messages (instructors)",
          })
          .option('subject', {
            type: 'string',
            describe: 'Folder holding the exercise folders to check (default: exercises/)',
          }),
      (args) =>
        run(() =>
          args.watch
            ? watch({ exercise: args.exercise, subject: args.subject }, processIo)
            : check(
                {
                  exercise: args.exercise,
                  json: args.json,
                  reveal: args.reveal,
                  subject: args.subject,
                },
                processIo,
              ),
        )(),
    )
    .command(
      'hint <exercise>',
      'Show the next hint for an exercise (each call reveals one more)',
      (command) =>
        command
          .positional('exercise', { type: 'string', demandOption: true })
          .option('all', { type: 'boolean', describe: 'Show every hint at once' }),
      (args) => run(() => hint({ exercise: args.exercise, all: args.all }, processIo))(),
    )
    .command(
      'list',
      'Show every exercise with the outcome of its last check',
      {},
      run(() => list(processIo)),
    )
    .command(
      'validate',
      'Check every manifest against its schema and the course rules',
      {},
      run(() => validate(processIo)),
    )
    .command(
      'verify [exercises..]',
      'Prove the tests: solutions pass every run, starters fail, known-wrong solutions are caught',
      (command) =>
        command.positional('exercises', { type: 'string', array: true }).option('runs', {
          type: 'number',
          default: 5,
          describe: 'Runs per solution and per known-wrong solution',
        }),
      (args) => run(() => verify({ exercises: args.exercises, runs: args.runs }, processIo))(),
    )
    .demandCommand(1, 'Name a command: check, list, validate, verify')
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
    const known =
      error instanceof UsageError ||
      error instanceof UnknownExerciseError ||
      error instanceof SchemaError;
    process.stderr.write(`${known ? error.message : error.stack}\n`);
    if (error instanceof UsageError)
      process.stderr.write('Run `npm run grader -- --help` for the commands.\n');
    process.exitCode = known ? EXIT.usage : EXIT.failed;
  },
);
