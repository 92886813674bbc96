'use strict';
// The compiler options of every TypeScript step come from the course's tsconfig.json, parsed by
// TypeScript itself: the transpiler that runs code (ts-cache.js) and the type-check that gates it
// (run/type-program.ts) add only what their job needs, so the two can never drift apart.

const fs = require('fs');
const path = require('path');

const graderRoot = path.resolve(__dirname, '..', '..');
const configPath = path.join(graderRoot, 'tsconfig.json');

/** The text the options derive from: cheap to read, so it keys caches without loading TypeScript. */
function configText() {
  try {
    return fs.readFileSync(configPath, 'utf8');
  } catch {
    return '';
  }
}

const NO_INPUTS_FOUND = 18003;

/** tsconfig.json's compilerOptions with `extends` applied, as TypeScript's enums and defaults. */
function parsedOptions(ts) {
  const fail = (diagnostic) => {
    throw new Error(
      `${configPath}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
    );
  };
  // Options only: listing the files `include` matches would walk the course for nothing.
  const host = { ...ts.sys, readDirectory: () => [], onUnRecoverableConfigFileDiagnostic: fail };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
  if (!parsed) throw new Error(`${configPath}: could not be read`);
  const errors = parsed.errors.filter((diagnostic) => diagnostic.code !== NO_INPUTS_FOUND);
  if (errors.length > 0) fail(errors[0]);
  return parsed.options;
}

/** For running: one CommonJS file at a time, its source map inline so stacks name TS lines. */
function transpileOptions(ts) {
  const options = { ...parsedOptions(ts) };
  for (const key of ['noEmit', 'declaration', 'sourceMap', 'paths', 'baseUrl', 'configFilePath'])
    delete options[key];
  return { ...options, inlineSourceMap: true, inlineSources: true };
}

module.exports = { configPath, configText, parsedOptions, transpileOptions };
