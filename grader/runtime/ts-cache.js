'use strict';
// Transpiles TypeScript once per content: the output is kept in a cache folder keyed by a hash
// of the file's path and source, and TypeScript itself is loaded only on a miss. The grader fills
// the cache before a run (prewarm), so the ten workers of a test never pay for the compiler.

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const courseRoot = path.resolve(__dirname, '..', '..');
// Bump when the compiler options below change, so stale output is never reused; the compiler's
// own version is part of every key too, so an upgrade of TypeScript never reuses old output.
const CACHE_SALT = 'v1';
let compilerVersion;
function typescriptVersion() {
  compilerVersion ??= require(
    require.resolve('typescript/package.json', { paths: [courseRoot] }),
  ).version;
  return compilerVersion;
}

const compilerOptions = {
  module: 1, // CommonJS
  target: 9, // ES2022
  esModuleInterop: true,
  isolatedModules: true,
  inlineSourceMap: true,
  inlineSources: true,
};

function cacheDir() {
  return process.env.GRADER_TS_CACHE || path.join(courseRoot, '.grader', 'ts-cache');
}

let typescript;
function transpile(source, filename) {
  typescript = typescript || require('typescript');
  return typescript.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

function cachePathFor(source, filename) {
  const hash = crypto
    .createHash('sha1')
    .update(CACHE_SALT)
    .update('\0')
    .update(typescriptVersion())
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

module.exports = { compiledSource, cacheDir, courseRoot, typescriptVersion, CACHE_SALT };
