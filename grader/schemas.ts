import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { courseRoot } from './paths';
import { UserError } from './user-error';

/** One broken rule, located precisely enough to fix without guessing. */
export interface Problem {
  file: string;
  pointer: string;
  rule: string;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const where = problem.pointer ? `${problem.file}: ${problem.pointer}` : problem.file;
  return `${where}: ${problem.message} (${problem.rule})`;
}

export class SchemaError extends UserError {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

const ajv = new Ajv({ allErrors: true, strict: true });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schemaName: string): ValidateFunction {
  let validate = compiled.get(schemaName);
  if (!validate) {
    const file = path.join(courseRoot, 'schemas', `${schemaName}.schema.json`);
    validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
    compiled.set(schemaName, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return `unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (error.keyword === 'enum') {
    return `${error.message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? error.keyword;
}

/** Problems of `document` against schemas/<schemaName>.schema.json; empty when valid. */
export function schemaProblems(schemaName: string, document: unknown, file: string): Problem[] {
  const validate = validatorFor(schemaName);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => ({
    file,
    pointer: error.instancePath || '/',
    rule: `${schemaName}.schema.json ${error.schemaPath}`,
    message: describe(error),
  }));
}

export function assertValid(schemaName: string, document: unknown, file: string): void {
  const problems = schemaProblems(schemaName, document, file);
  if (problems.length > 0) throw new SchemaError(problems);
}

/** Every document the grader writes goes through here: validated first, then written atomically. */
export function writeValidJson(schemaName: string, file: string, document: unknown): void {
  assertValid(schemaName, document, file);
  writeFileAtomic(file, JSON.stringify(document, null, 2) + '\n');
}

export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}
