import { unzipSync } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';

// tar (node-tar, which reads ustar, GNU and pax) and zip (fflate) carry a folder of hidden tests
// from the instructor's repository to a CI run, with no tool a Windows or macOS machine might lack.

export interface ArchiveEntry {
  /** Relative path with forward slashes. */
  path: string;
  data: Buffer;
}

/** The files of a .tar, .tar.gz / .tgz or .zip archive (folders are implied by the paths). */
export function readArchive(file: string): ArchiveEntry[] {
  if (/\.zip$/i.test(file)) {
    return Object.entries(unzipSync(new Uint8Array(fs.readFileSync(file))))
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, data]) => ({ path: safePath(name, file), data: Buffer.from(data) }));
  }
  if (/\.(tar\.gz|tgz|tar)$/i.test(file)) return readTar(file);
  throw new Error(`${file}: not an archive this grader reads (.tar.gz, .tgz, .tar or .zip)`);
}

export const isArchive = (file: string) => /\.(tar\.gz|tgz|tar|zip)$/i.test(file);

/** Regular files only: folders, links and pax headers carry nothing the grader needs. */
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

function readTar(file: string): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  tar.t({
    file,
    sync: true,
    onReadEntry: (entry) => {
      if (!FILE_TYPES.has(entry.type)) return entry.resume();
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () =>
        entries.push({ path: safePath(entry.path, file), data: Buffer.concat(chunks) }),
      );
    },
  });
  return entries;
}

/** Refuses absolute paths and `..`: an archive may only write inside the folder it is unpacked in. */
function safePath(name: string, file: string): string {
  const normal = name.replace(/\\/g, '/').replace(/^\.\//, '');
  if (
    normal.startsWith('/') ||
    /^[A-Za-z]:/.test(normal) ||
    normal.split('/').some((part) => part === '..')
  )
    throw new Error(`${file}: refusing the entry "${name}", which points outside the archive`);
  return normal;
}

/**
 * Writes the files under `dir` (those `include` accepts) as a .tar.gz, paths relative to `dir`.
 * The same files give the same bytes: no owners, and every time stamp at 1970.
 */
export function writeTarGz(
  out: string,
  dir: string,
  include: (relative: string) => boolean = () => true,
): string[] {
  const files = listFiles(dir).filter(include);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  tar.c(
    {
      gzip: true,
      file: out,
      sync: true,
      cwd: dir,
      portable: true,
      mtime: new Date(0),
      noDirRecurse: true,
    },
    files,
  );
  return files;
}

/** Every file under `dir`, relative, with forward slashes, sorted. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string, relative: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(current, entry.name), child);
      else if (entry.isFile()) found.push(child);
    }
  };
  walk(dir, '');
  return found.sort();
}
