/**
 * The environment for running a copy of the course as a user would, from inside the project's own
 * tests: nothing of the surrounding jest run, CI runner or npm script leaks in, and no colour
 * (a runner may force it on), so the copy's output can be read as plain text.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env))
    if (/^(GITHUB_|GRADER_|NODE_OPTIONS$|JEST_WORKER_ID$|FORCE_COLOR$|npm_)/.test(name))
      delete env[name];
  // Except this one: a copy's checks must not leave a shared type-checker running after the tests.
  if (process.env.GRADER_SHARED_TYPECHECK !== undefined)
    env.GRADER_SHARED_TYPECHECK = process.env.GRADER_SHARED_TYPECHECK;
  return env;
}
