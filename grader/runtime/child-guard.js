'use strict';
// Keeps the processes and threads that graded code starts inside Node's permission model. The
// model (run/permissions.ts) covers every thread of a process, but a child process is a new
// process: it is under the model only if its command line or NODE_OPTIONS says so, and a child
// that is not Node (a shell, `dd`, `cat`) never is, and could read the test process's memory
// through /proc/<pid>/mem. So, in every thread of a graded process:
//   - a child must be Node itself (process.execPath), and it gets this process's NODE_OPTIONS (the
//     model's flags and the TypeScript hook) whatever environment it was given; it may take only
//     the Node options of a short allow-list (checkNodeArgs);
//   - a worker always loads worker-hook.js (and so this guard) first, takes only allowed
//     options, and gets an environment of its own.
// Installed by runtime/register.js in every graded process (worker-hook.js in every thread)
// before any student code;
// the functions it replaces are the only ways to those native calls that graded code can reach
// (process.binding is refused by the model).

const childProcess = require('child_process');
const path = require('path');
const workerThreads = require('worker_threads');

const WORKER_HOOK = path.join(__dirname, 'worker-hook.js');
const nodeOptions = process.env.NODE_OPTIONS ?? '';
const execPath = process.execPath;
/** libuv's "permission denied": what the native spawn returns for a program it may not run. */
const UV_EACCES = -13;

function refused(what) {
  return Object.assign(
    new Error(`${what}: graded code may start only Node (${execPath}), under the same limits`),
    { code: 'EACCES', errno: -13 },
  );
}

// The Node options a graded program may give a child or a worker: an allow-list, because Node
// has many ways out of the model (--allow-*, --no-experimental-permission, --expose-internals and
// its native bindings, --inspect, V8 flags such as --allow-natives-syntax), and spells each one
// several ways ('_' reads as '-' in a name, a value may follow '=' or come as the next argument).
// Everything else is refused. What the course's own processes pass (fork's default execArgv:
// --require and --max-old-space-size) is here.
const FLAGS = new Set([
  '--enable-source-maps',
  '--expose-gc',
  '--no-deprecation',
  '--no-warnings',
  '--throw-deprecation',
  '--trace-deprecation',
  '--trace-uncaught',
  '--trace-warnings',
  '--experimental-permission',
]);
/** Options that take a value: after '=' or as the next argument. */
const WITH_VALUE = new Set([
  '--require',
  '-r',
  '--max-old-space-size',
  '--stack-size',
  '--disable-warning',
  '--unhandled-rejections',
  '--input-type',
  '--title',
]);
/** The code to run, for a child: Node reads options after it as well. */
const EVAL = new Set(['-e', '--eval', '-p', '--print', '-pe']);

/** An option's name as Node reads it: before any '=', with '_' for '-' in a long name. */
function optionName(arg) {
  const name = arg.split('=')[0];
  return name.startsWith('--') ? `--${name.slice(2).replace(/_/g, '-')}` : name;
}

/**
 * Refuses a child's Node arguments (args[0] is the program) or a worker's execArgv that hold a
 * Node option outside the allow-list. A child's options end at its script, '-' or '--'; a
 * worker has no script among them, so a non-option there (or '--', which would turn every option
 * after it into an argument) is refused.
 */
function checkNodeArgs(args, { worker = false } = {}) {
  for (let index = worker ? 0 : 1; index < args.length; index += 1) {
    const arg = args[index];
    if (!worker && (arg === '--' || arg === '-' || !arg.startsWith('-'))) return;
    const name = optionName(arg);
    if (FLAGS.has(name)) continue;
    if (WITH_VALUE.has(name) || (!worker && EVAL.has(name))) {
      // Node takes no value that starts with '-' (it refuses to start): such an entry is checked
      // as an option of its own.
      if (!arg.includes('=') && !String(args[index + 1] ?? '-').startsWith('-')) index += 1;
      continue;
    }
    throw refused(`node ${arg}`);
  }
}

function isNode(file) {
  return file === execPath || file === 'node' || file === process.argv0;
}

/** The spawn options (as the native call takes them) with this process's NODE_OPTIONS forced. */
function guardOptions(options) {
  if (!options || typeof options.file !== 'string') throw refused('a child with no file');
  if (!isNode(options.file)) throw refused(JSON.stringify(options.file));
  // Strings, read once: the native call reads each entry again, and an object whose toString
  // answers differently the second time ('A=1', then 'NODE_OPTIONS=', which Node takes first) ran
  // a child outside the model (forge-child-env-pair-tostring).
  const args = Array.isArray(options.args) ? Array.from(options.args, String) : [];
  checkNodeArgs(args);
  const envPairs = (
    Array.isArray(options.envPairs) ? Array.from(options.envPairs, String) : []
  ).filter((pair) => !pair.startsWith('NODE_OPTIONS='));
  // First: Node reads the first NODE_OPTIONS of its environment.
  envPairs.unshift(`NODE_OPTIONS=${nodeOptions}`);
  return { ...options, file: execPath, args, envPairs };
}

/**
 * A child's environment (as spawnSync takes it) with this process's NODE_OPTIONS first, as
 * strings read once. A key holding '=' is no variable's name, and one such as 'NODE_OPTIONS=--title'
 * (value 'x') became the pair 'NODE_OPTIONS=--title=x', which Node read instead of the guard's
 * (forge-child-env-key-with-equals): it is left out.
 */
function guardEnvironment(given) {
  const env = { NODE_OPTIONS: nodeOptions };
  for (const [key, value] of Object.entries(given))
    if (key !== 'NODE_OPTIONS' && !key.includes('=') && value !== undefined)
      env[key] = String(value);
  return env;
}

let installed = false;

function install() {
  if (installed) return;
  installed = true;

  // Asynchronous children (spawn, fork, exec, execFile) all end in the native Process.spawn.
  const handleProto = Object.getPrototypeOf(new childProcess.ChildProcess()._handle);
  const nativeSpawn = handleProto.spawn;
  Object.defineProperty(handleProto, 'spawn', {
    value: function spawn(options) {
      let allowed;
      try {
        allowed = guardOptions(options);
      } catch (error) {
        // As a spawn the system refused: the child emits 'error' (EACCES) and never 'exit', as it
        // would for a program that is not there. Said on stderr too, for the student.
        process.stderr.write(`${error.message}\n`);
        return UV_EACCES;
      }
      return Reflect.apply(nativeSpawn, this, [allowed]);
    },
    writable: false,
    configurable: false,
  });

  // Synchronous children: the exported functions are the only way to the native spawnSync.
  for (const name of ['spawnSync', 'execSync', 'execFileSync']) {
    const real = childProcess[name];
    Object.defineProperty(childProcess, name, {
      value: function guardedSync(...args) {
        // Copies, read once: what is checked is what runs (a getter could answer differently).
        const file = String(args[0]);
        const rest = Array.isArray(args[1]) ? Array.from(args[1], String) : [];
        const options = { ...((Array.isArray(args[1]) ? args[2] : args[1]) ?? {}) };
        let error;
        if (name === 'execSync') error = refused('execSync (a shell)');
        else if (options.shell) error = refused(`${name} with a shell`);
        else if (!isNode(file)) error = refused(JSON.stringify(file));
        else {
          try {
            checkNodeArgs([file, ...rest]);
          } catch (thrown) {
            error = thrown;
          }
        }
        // As Node does for a child that could not start: spawnSync reports it, the others throw.
        if (error && name === 'spawnSync')
          return {
            pid: 0,
            output: null,
            stdout: null,
            stderr: null,
            status: null,
            signal: null,
            error,
          };
        if (error) throw error;
        const env = guardEnvironment(options.env ?? process.env);
        return Reflect.apply(real, childProcess, [execPath, rest, { ...options, env }]);
      },
      writable: false,
      configurable: false,
    });
  }

  // Workers: each loads worker-hook.js first, which installs this guard whatever the worker's
  // environment says, before any option or code of the student's. A worker's process.permission
  // is undefined even under the model, so nothing the worker could read decides it.
  const RealWorker = workerThreads.Worker;
  function Worker(filename, options = {}) {
    if (!new.target)
      throw new TypeError("Class constructor Worker cannot be invoked without 'new'");
    const given = options?.execArgv === undefined ? [] : Array.from(options.execArgv, String);
    checkNodeArgs(given, { worker: true });
    const execArgv = ['--require', WORKER_HOOK, ...given];
    // Always an environment of its own, with this thread's NODE_OPTIONS for the worker's
    // children: a shared one (SHARE_ENV) is the real environment, which graded code can edit.
    const givenEnv = options?.env;
    const own = givenEnv === undefined || givenEnv === workerThreads.SHARE_ENV;
    const env = guardEnvironment(own ? process.env : givenEnv);
    return Reflect.construct(RealWorker, [filename, { ...options, execArgv, env }], new.target);
  }
  Worker.prototype = RealWorker.prototype;
  Object.setPrototypeOf(Worker, Object.getPrototypeOf(RealWorker));
  // The real class stays out of reach: not through the prototype's constructor either.
  Object.defineProperty(RealWorker.prototype, 'constructor', { value: Worker, writable: false });
  workerThreads.Worker = Worker;
}

module.exports = { install };
