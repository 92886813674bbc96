'use strict';
// The type-checker's V8 startup snapshot, built by
//   node --snapshot-blob <file> --build-snapshot grader/run/typecheck-snapshot.js
// (run/checker-snapshot.ts does it): TypeScript loaded and the standard library and Node's types
// parsed, as a checker has them after its first request. A checker started from it
// (`node --snapshot-blob <file>`) answers at once: a cold checker spends about 2.8 s of CPU
// loading TypeScript and parsing those files, one from the snapshot about 1.3 s, and a CI run or a
// class starts a checker per grading process.
//
// A snapshot builder may require only Node's own modules, so TypeScript and the checker's modules
// (type-program.ts and what it imports) are loaded here by a small CommonJS loader of its own,
// TypeScript files transpiled as the course's loader does (runtime/ts-options.js).

const fs = require('fs');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');

const graderRoot = path.resolve(__dirname, '..', '..');
const nodeRequire = require;
const loaded = new Map();

function evaluate(file, source) {
  const module = { exports: {} };
  loaded.set(file, module);
  const wrapper = vm.runInThisContext(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    { filename: file },
  );
  const dir = path.dirname(file);
  wrapper.call(module.exports, module.exports, requireFrom(dir), module, file, dir);
  return module.exports;
}

const typescriptFile = path.join(graderRoot, 'node_modules', 'typescript', 'lib', 'typescript.js');
const ts = evaluate(typescriptFile, fs.readFileSync(typescriptFile, 'utf8'));
let transpileOptions;

function requireFrom(dir) {
  return (request) => {
    if (request === 'typescript') return ts;
    if (!request.startsWith('.')) return nodeRequire(request);
    const base = path.resolve(dir, request);
    const file = [`${base}.ts`, `${base}.js`, base].find(
      (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
    );
    if (!file) throw new Error(`typecheck-snapshot: cannot find ${request} from ${dir}`);
    if (loaded.has(file)) return loaded.get(file).exports;
    const text = fs.readFileSync(file, 'utf8');
    if (!file.endsWith('.ts')) return evaluate(file, text);
    transpileOptions ??= requireFrom(__dirname)('../runtime/ts-options').transpileOptions(ts);
    const { outputText } = ts.transpileModule(text, {
      compilerOptions: transpileOptions,
      fileName: file,
    });
    return evaluate(file, outputText);
  };
}

const checker = requireFrom(__dirname)('./typecheck-server.ts');
// What the first request would parse: the standard library and Node's types, nothing of a student.
checker.prepare();

v8.startupSnapshot.setDeserializeMainFunction(() => checker.serve());
