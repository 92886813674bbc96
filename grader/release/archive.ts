import { unzipSync } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

// Just enough of tar (POSIX ustar, with GNU and pax long names) and zip to carry a folder of
// hidden tests from the instructor's repository to a CI run, with no tool a Windows or macOS
// machine might lack.

export interface ArchiveEntry {
  /** Relative path with forward slashes. */
  path: string;
  data: Buffer;
}

const BLOCK = 512;

/** The files of a .tar, .tar.gz / .tgz or .zip archive (folders are implied by the paths). */
export function readArchive(file: string): ArchiveEntry[] {
  const bytes = fs.readFileSync(file);
  if (/\.zip$/i.test(file)) {
    return Object.entries(unzipSync(new Uint8Array(bytes)))
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, data]) => ({ path: safePath(name, file), data: Buffer.from(data) }));
  }
  if (/\.(tar\.gz|tgz)$/i.test(file)) return readTar(zlib.gunzipSync(bytes), file);
  if (/\.tar$/i.test(file)) return readTar(bytes, file);
  throw new Error(`${file}: not an archive this grader reads (.tar.gz, .tgz, .tar or .zip)`);
}

export const isArchive = (file: string) => /\.(tar\.gz|tgz|tar|zip)$/i.test(file);

function readTar(bytes: Buffer, file: string): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(header, 345, 155);
    const name =
      longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    const data = bytes.subarray(offset + BLOCK, offset + BLOCK + size);
    if (type === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
    else if (type === 'x') longName = paxPath(data.toString('utf8'));
    else if (type === '0' || type === '\0' || type === '7')
      entries.push({ path: safePath(name, file), data: Buffer.from(data) });
    // Folders, links and global headers carry nothing the grader needs.
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function paxPath(records: string): string | undefined {
  for (const record of records.split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
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

/** Writes the files under `dir` (those `include` accepts) as a .tar.gz, paths relative to `dir`. */
export function writeTarGz(
  out: string,
  dir: string,
  include: (relative: string) => boolean = () => true,
): string[] {
  const files = listFiles(dir).filter(include);
  const blocks: Buffer[] = [];
  for (const relative of files) {
    const data = fs.readFileSync(path.join(dir, ...relative.split('/')));
    if (Buffer.byteLength(relative) > 100)
      blocks.push(...tarRecord('././@LongLink', 'L', Buffer.from(relative + '\0')));
    blocks.push(...tarRecord(relative, '0', data));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zlib.gzipSync(Buffer.concat(blocks)));
  return files;
}

function tarRecord(name: string, type: string, data: Buffer): Buffer[] {
  const header = Buffer.alloc(BLOCK);
  header.write(name.slice(0, 100), 0, 100, 'utf8');
  header.write('0000644\0', 100, 8, 'ascii');
  header.write('0000000\0', 108, 8, 'ascii');
  header.write('0000000\0', 116, 8, 'ascii');
  header.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 12, 'ascii');
  header.write('00000000000\0', 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  header.write(type, 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  header.write(checksum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  const padding = Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK);
  return [header, data, padding];
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
