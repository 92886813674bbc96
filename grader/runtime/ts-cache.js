'use strict';
// Transpiles TypeScript once per content: the output is kept in a cache folder keyed by a hash
// of the file's path and source, and TypeScript itself is loaded only on a miss. The grader fills
// the cache before a run (prewarm), so the ten workers of a test never pay for the compiler.

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { configText, transpileOptions } = require('./ts-options');

const graderRoot = path.resolve(__dirname, '..', '..');
// Bump when what this file adds to the options changes. Every key also holds the compiler's
// version and tsconfig.json's text, so an upgrade or a changed option never reuses old output.
const CACHE_SALT = 'v2';
let compilerVersion;
function typescriptVersion() {
  compilerVersion ??= require(
    require.resolve('typescript/package.json', { paths: [graderRoot] }),
  ).version;
  return compilerVersion;
}

let configHash;
/** What every compiled file's key starts with: this file's salt, TypeScript, tsconfig.json. */
function compilerKey() {
  configHash ??= crypto.createHash('sha1').update(configText()).digest('hex');
  return [CACHE_SALT, typescriptVersion(), configHash].join('\0');
}

function cacheDir() {
  return process.env.GRADER_TS_CACHE || path.join(graderRoot, '.grader', 'ts-cache');
}

let typescript;
let compilerOptions;
function transpile(source, filename) {
  typescript ??= require('typescript');
  compilerOptions ??= transpileOptions(typescript);
  return typescript.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

function cachePathFor(source, filename) {
  const hash = crypto
    .createHash('sha1')
    .update(compilerKey())
    .update('\0')
    .update(filename)
    .update('\0')
    .update(source)
    .digest('hex');
  return path.join(cacheDir(), hash.slice(0, 2), hash + '.js');
}

/** The CommonJS output for a .ts file, from the cache when its source has been seen before. */
function compiledSource(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = cachePathFor(source, filename);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const output = transpile(source, filename);
    try {
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      // Write then rename: ten workers may compile the same file at once.
      const temporary = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      fs.writeFileSync(temporary, output);
      fs.renameSync(temporary, cached);
    } catch {
      // A read-only cache only costs speed.
    }
    return output;
  }
}

module.exports = { compiledSource, cacheDir, graderRoot, compilerKey };
