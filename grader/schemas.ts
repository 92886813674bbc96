import type AjvType from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { graderRoot, STATE } from './paths';
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

const schemaDir = path.join(graderRoot, 'schemas');
const cacheDir = STATE.schemaCache;
const compiled = new Map<string, ValidateFunction>();

/**
 * The validator of schemas/<name>.schema.json. Compiling with ajv costs more than a whole check's
 * start-up, so each validator is kept as ajv's standalone code, keyed by ajv's version and every
 * schema's text (schemas refer to each other): later runs load a small file and never load ajv.
 */
function validatorFor(schemaName: string): ValidateFunction {
  let validate = compiled.get(schemaName);
  if (!validate) {
    const schemas = fs
      .readdirSync(schemaDir)
      .filter((file) => file.endsWith('.schema.json'))
      .sort()
      .map((file) => ({ file, text: fs.readFileSync(path.join(schemaDir, file), 'utf8') }));
    const key = crypto.createHash('sha1').update(ajvVersion()).update(schemaName);
    for (const { file, text } of schemas) key.update('\0').update(file).update('\0').update(text);
    const cached = path.join(cacheDir, `${schemaName}-${key.digest('hex').slice(0, 16)}.js`);
    validate = fs.existsSync(cached)
      ? (require(cached) as ValidateFunction)
      : compileAndKeep(schemaName, schemas, cached);
    compiled.set(schemaName, validate);
  }
  return validate;
}

function compileAndKeep(
  schemaName: string,
  schemas: { file: string; text: string }[],
  cached: string,
): ValidateFunction {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv = require('ajv').default as typeof AjvType;
  const standaloneCode = require('ajv/dist/standalone').default as (
    ajv: AjvType,
    validate: ValidateFunction,
  ) => string;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true } });
  for (const { text } of schemas) ajv.addSchema(JSON.parse(text));
  const validate = ajv.getSchema(`${schemaName}.schema.json`);
  if (!validate) throw new Error(`no schema ${schemaName}.schema.json in ${schemaDir}`);
  try {
    writeFileAtomic(cached, standaloneCode(ajv, validate));
  } catch {
    // A read-only copy of the grader only loses the speed-up.
  }
  return validate;
}

let version: string | undefined;
function ajvVersion(): string {
  version ??= (
    JSON.parse(
      fs.readFileSync(require.resolve('ajv/package.json', { paths: [graderRoot] }), 'utf8'),
    ) as { version: string }
  ).version;
  return version;
}

function describe(error: ErrorObject): string {
  // A key that breaks propertyNames: ajv points at the object, so the key itself is named here.
  if (error.propertyName !== undefined && error.keyword !== 'propertyNames')
    return `property name "${error.propertyName}" ${describeValue(error)}`;
  return describeValue(error);
}

function describeValue(error: ErrorObject): string {
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
