'use strict';
// The jest transform of the job-cost floor's test processes (job-cost.ts): the course's own
// TypeScript cache (runtime/ts-cache.js) and nothing else. ts-jest loads TypeScript and parses
// tsconfig.json in every process even when its cache is warm (about 0.7 s of CPU, more than jest's
// own start), and the grader's transform wraps graded modules in its guards: neither is the tests'
// work. jest keeps no cache of its own without a getCacheKey: every file is one lookup in ts-cache.
const { compiledSource } = require('../runtime/ts-cache');

module.exports = { process: (_source, filename) => ({ code: compiledSource(filename) }) };
