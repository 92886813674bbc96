import * as fs from 'fs';
import * as path from 'path';
import { Browser, chromium } from 'playwright-core';
import * as tar from 'tar';
import * as zlib from 'zlib';
import { graderRoot } from '../paths';

// The browser the report page is tested in comes from the npm registry, so `npm test` proves the
// page on any Linux x64 machine after `npm ci`, with no system package: @sparticuz/chromium ships
// a headless Chromium inside its tarball (brotli-compressed, about 64 MB; 197 MB unpacked), and
// playwright-core drives it. Version 143 is the newest whose engines accept Node 20.
//
// The package's own unpacker writes into os.tmpdir(), which jest's sandbox cannot redirect, and
// leaves a half-written browser when it is killed; its layout is simple, so it is unpacked here:
// the binary beside its GL libraries, the fonts in a folder of their own.

const packageDir = path.join(graderRoot, 'node_modules', '@sparticuz', 'chromium');
const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
  version: string;
};
/** Unpacked once per version, under the project's own ignored cache folder. */
const home = path.join(graderRoot, '.grader', 'browser', `chromium-${version}`);

async function unpack(into: string): Promise<void> {
  const bin = path.join(packageDir, 'bin');
  const binary = path.join(into, 'chromium');
  fs.writeFileSync(
    binary,
    zlib.brotliDecompressSync(fs.readFileSync(path.join(bin, 'chromium.br'))),
  );
  fs.chmodSync(binary, 0o755);
  const untar = async (archive: string, cwd: string) => {
    fs.mkdirSync(cwd, { recursive: true });
    const tarball = path.join(into, `${archive}.tar`);
    fs.writeFileSync(
      tarball,
      zlib.brotliDecompressSync(fs.readFileSync(path.join(bin, `${archive}.tar.br`))),
    );
    await tar.x({ file: tarball, cwd });
    fs.rmSync(tarball);
  };
  await untar('swiftshader', into);
  await untar('fonts', path.join(into, 'fonts'));
}

/** The unpacked executable: into a fresh folder renamed into place, so no run sees half of it. */
async function executable(): Promise<string> {
  const binary = path.join(home, 'chromium');
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(path.dirname(home), { recursive: true });
  const partial = fs.mkdtempSync(`${home}.partial-`);
  try {
    await unpack(partial);
    fs.renameSync(partial, home);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    // Another run unpacked it first: use theirs.
    if (!fs.existsSync(binary)) throw error;
  }
  return binary;
}

/** A headless browser, or an error that says why this machine cannot have one. */
export async function launchBrowser(): Promise<Browser> {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `the report page test's browser (@sparticuz/chromium) is built for Linux x64; this is ${process.platform} ${process.arch}`,
    );
  return chromium.launch({ executablePath: await executable(), headless: true });
}
