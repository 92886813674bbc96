import { chooseSandbox } from '../commands/sandbox-choice';
import { probeSandbox } from '../run/sandbox';

// The one place the course's own tests ask whether this machine has bubblewrap, the one system
// package a proof needs (the report page's browser comes from npm: see browser.ts). `npm test`
// must pass after `npm ci` alone on a machine that has only Node, so without it the tests that need
// the sandbox say so and are left to CI, where .ci/run installs bubblewrap and CI=true makes its
// absence a failure: the sandboxed path is always proven somewhere, never silently.

const inCi = process.env.CI === 'true';
const sandbox = probeSandbox();

/** True when jobs can be sandboxed here; in CI, false is an error, never a downgrade. */
export function hasSandbox(): boolean {
  if (sandbox.kind === 'none' && inCi)
    throw new Error(
      `CI must prove the job sandbox, but ${sandbox.reason}: .ci/run installs bubblewrap (apt-get install bubblewrap)`,
    );
  return sandbox.kind === 'bwrap';
}

/** The sandbox mode to ask grade for: `required` wherever it can be had (always in CI). */
export const sandboxMode = (): 'required' | undefined => (hasSandbox() ? 'required' : undefined);

/**
 * What a command that picks the sandbox by itself (`--sandbox auto`) prints on stderr here: nothing
 * where bubblewrap works, else its one-line warning, taken from the command's own code.
 */
export function autoSandboxWarning(): string {
  let warning = '';
  chooseSandbox('auto', { out: () => undefined, err: (text) => (warning += text), color: false });
  return warning;
}

let told = false;
/** Once per test file: why the tests that need bubblewrap are skipped here. */
function tellSkipped(): void {
  if (!told && sandbox.kind === 'none')
    process.stderr.write(`needs bubblewrap, left to CI: ${sandbox.reason}\n`);
  told = true;
}

const skippedTitle = (name: string) => `${name} (needs bubblewrap; CI proves it)`;

/**
 * `test` where bubblewrap works; elsewhere the test is listed as skipped with the reason in its
 * title, and one line on stderr says why.
 */
export function sandboxTest(name: string, fn: () => Promise<void>, timeout?: number): void {
  if (hasSandbox()) return test(name, fn, timeout);
  tellSkipped();
  test.skip(skippedTitle(name), fn, timeout);
}

/** `describe` for a block that proves the sandbox as a whole; skipped likewise without it. */
export function sandboxDescribe(name: string, fn: () => void): void {
  if (hasSandbox()) return describe(name, fn);
  tellSkipped();
  describe.skip(skippedTitle(name), fn);
}
