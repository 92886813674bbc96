'use strict';
// Keeps the processes and threads that graded code starts inside Node's permission model. The
// model (run/permissions.ts) covers every thread of a process, but a child process is a new
// process: it is under the model only if its command line or NODE_OPTIONS says so, and a child
// that is not Node (a shell, `dd`, `cat`) never is, and could read the test process's memory
// through /proc/<pid>/mem. So, in every thread of a graded process:
//   - a child must be Node itself (process.execPath), and it gets this process's NODE_OPTIONS (the
//     model's flags and the TypeScript hook) whatever environment it was given; Node options of
//     its own that widen the model (--allow-*) are refused;
//   - a worker always loads the runtime hook (and so this guard), whatever execArgv it was given.
// Installed by runtime/register.js in every graded process and thread before any student code;
// the functions it replaces are the only ways to those native calls that graded code can reach
// (process.binding is refused by the model).

const childProcess = require('child_process');
const path = require('path');
const workerThreads = require('worker_threads');

const REGISTER = path.join(__dirname, 'register.js');
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

/** Node's own options before the script (or -e): those that widen the model are refused. */
function checkNodeArgs(args) {
  for (const arg of args.slice(1)) {
    if (!arg.startsWith('-') || arg === '-e' || arg === '--eval' || arg === '-') break;
    if (/^--(allow-|experimental-permission|permission)/.test(arg) || /^--inspect/.test(arg))
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
  const args = Array.isArray(options.args) ? options.args.map(String) : [];
  checkNodeArgs(args);
  const envPairs = (Array.isArray(options.envPairs) ? options.envPairs : []).filter(
    (pair) => !String(pair).startsWith('NODE_OPTIONS='),
  );
  envPairs.push(`NODE_OPTIONS=${nodeOptions}`);
  return { ...options, file: execPath, args, envPairs };
}

/** Set in a guarded thread's environment: the runtime hook installs the guard where it is set. */
const MARK = 'GRADER_GUARDED';

let installed = false;

function install() {
  if (installed) return;
  installed = true;
  process.env[MARK] = '1';

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
        const file = String(args[0]);
        const rest = Array.isArray(args[1]) ? args[1] : [];
        const options = (Array.isArray(args[1]) ? args[2] : args[1]) ?? {};
        let error;
        if (name === 'execSync') error = refused('execSync (a shell)');
        else if (options.shell) error = refused(`${name} with a shell`);
        else if (!isNode(file)) error = refused(JSON.stringify(file));
        else {
          try {
            checkNodeArgs([file, ...rest.map(String)]);
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
        const env = { ...(options.env ?? process.env), NODE_OPTIONS: nodeOptions };
        return Reflect.apply(real, childProcess, [execPath, rest, { ...options, env }]);
      },
      writable: false,
      configurable: false,
    });
  }

  // Workers: always with the runtime hook, so the guard is in every thread.
  const RealWorker = workerThreads.Worker;
  function Worker(filename, options = {}) {
    if (!new.target)
      throw new TypeError("Class constructor Worker cannot be invoked without 'new'");
    // Without execArgv a worker takes this thread's, which load the hook already.
    const given = options?.execArgv;
    const execArgv = given === undefined ? undefined : [...given, '--require', REGISTER];
    // A worker's process.permission is undefined even under the model: the mark tells its hook,
    // and the worker's own children get this thread's NODE_OPTIONS.
    const env =
      options?.env === workerThreads.SHARE_ENV
        ? options.env
        : { ...(options?.env ?? process.env), [MARK]: '1', NODE_OPTIONS: nodeOptions };
    return Reflect.construct(RealWorker, [filename, { ...options, execArgv, env }], new.target);
  }
  Worker.prototype = RealWorker.prototype;
  Object.setPrototypeOf(Worker, Object.getPrototypeOf(RealWorker));
  // The real class stays out of reach: not through the prototype's constructor either.
  Object.defineProperty(RealWorker.prototype, 'constructor', { value: Worker, writable: false });
  workerThreads.Worker = Worker;
}

module.exports = { install, MARK };
