'use strict';
// A stand-in, in plain JavaScript, for the native addon that jest 30 resolves modules with
// (unrs-resolver's binding, which it loads from NAPI_RS_NATIVE_LIBRARY_PATH when that is set; see
// run/jest-attempt.ts). Node's permission model allows addons only all together: a test process
// that may load jest's could load any, and student code could write one to its temporary folder
// and load it, outside every limit. With this stand-in, addons stay refused.
//
// It covers what graded runs ask of it: relative and absolute paths with jest's extensions
// (moduleNameMapper has already been applied), folders with an index or a package.json main, and
// packages, which Node's own require.resolve finds (node_modules up the tree, package exports).

const fs = require('fs');
const path = require('path');

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function asFile(file, extensions) {
  if (isFile(file)) return file;
  for (const extension of extensions) if (isFile(file + extension)) return file + extension;
  return undefined;
}

function asDirectory(dir, extensions) {
  const manifest = path.join(dir, 'package.json');
  if (isFile(manifest)) {
    const main = JSON.parse(fs.readFileSync(manifest, 'utf8')).main;
    if (typeof main === 'string') {
      const found =
        asFile(path.resolve(dir, main), extensions) ??
        asFile(path.join(dir, main, 'index'), extensions);
      if (found) return found;
    }
  }
  return asFile(path.join(dir, 'index'), extensions);
}

function resolve(basedir, request, extensions) {
  if (path.isAbsolute(request) || request === '.' || /^\.\.?\//.test(request)) {
    const target = path.resolve(basedir, request);
    const found = asFile(target, extensions) ?? asDirectory(target, extensions);
    if (found) return { path: fs.realpathSync(found) };
    return { error: `Cannot find module '${request}' from '${basedir}'` };
  }
  try {
    return { path: require.resolve(request, { paths: [basedir] }) };
  } catch (error) {
    return { error: error.message };
  }
}

class ResolverFactory {
  constructor(options = {}) {
    this.extensions = options.extensions ?? ['.js', '.json', '.node'];
  }

  cloneWithOptions(options) {
    return new ResolverFactory(options);
  }

  sync(basedir, request) {
    return resolve(basedir, request, this.extensions);
  }

  async(basedir, request) {
    return Promise.resolve(this.sync(basedir, request));
  }

  clearCache() {}
}

module.exports = { ResolverFactory };
