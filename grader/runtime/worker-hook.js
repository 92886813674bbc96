'use strict';
// The first module of every worker that a graded thread starts (child-guard.js puts it first in
// the worker's execArgv): the guards go in before anything else, unconditionally. register.js
// decides by process.permission, which a worker does not have even under the model.
require('./child-guard').install();
require('./diagnostics-guard').install();
require('./register');
