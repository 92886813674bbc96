import * as fs from 'fs';
import * as path from 'path';
import { strFromU8, unzipSync, UnzipFileInfo } from 'fflate';
import type { Found, Limits, SubmissionFiles } from './source';
import {
  isToolNoise,
  kilobytes,
  MAX_LISTED_FILES,
  overFileLimit,
  refused,
  wrapperFolder,
} from './source';

interface ZipEntry {
  /** The name as stored in the zip. */
  name: string;
  /** Compressed and uncompressed sizes. */
  size: number;
  originalSize: number;
  /** Why this entry may not be used even though its name matches, if anything. */
  unsafe?: string;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * A submission that is a .zip (Canvas, Moodle, Gradescope exports), read with fflate. Files are
 * never extracted by their stored names: only the manifest's files are looked up and decompressed
 * into memory, each checked for size before it is inflated, so zip-slip and zip bombs cannot work.
 */
export function zipFiles(file: string, limits: Limits, layoutNames: Set<string>): SubmissionFiles {
  const size = fs.statSync(file).size;
  if (size > limits.maxZipBytes) {
    return refuseAll(
      `${path.basename(file)} is ${kilobytes(size)}, over the ${kilobytes(limits.maxZipBytes)} limit for a zip`,
    );
  }
  const data = fs.readFileSync(file);
  let entries: ZipEntry[];
  try {
    entries = listEntries(data);
  } catch (error) {
    return refuseAll(
      `${path.basename(file)} could not be read as a zip (${(error as Error).message})`,
    );
  }

  const byKey = new Map<string, ZipEntry>();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const key = canonical(entry.name);
    if (!key) continue;
    // A safe entry wins over an unsafe one with the same meaning.
    if (!byKey.has(key) || (byKey.get(key)!.unsafe && !entry.unsafe)) byKey.set(key, entry);
  }
  const topNames = new Map<string, boolean>();
  for (const key of byKey.keys()) {
    const [first, ...rest] = key.split('/');
    topNames.set(first, (topNames.get(first) ?? false) || rest.length > 0);
  }
  const wrapper = wrapperFolder(
    [...topNames].map(([name, isDirectory]) => ({ name, isDirectory })),
    layoutNames,
  );

  const listed = [...byKey.keys()]
    .filter((key) => !wrapper || key.startsWith(`${wrapper}/`))
    .map((key) => (wrapper ? key.slice(wrapper.length + 1) : key))
    .filter((key) => !key.split('/').some(isToolNoise))
    .sort()
    .slice(0, MAX_LISTED_FILES);
  return {
    list: () => listed,
    read(relative: string): Found {
      const entry = byKey.get(wrapper ? `${wrapper}/${relative}` : relative);
      if (!entry) return { kind: 'absent' };
      const from = entry.name;
      if (entry.unsafe) return refused(from, entry.unsafe);
      if (entry.originalSize > limits.maxFileBytes)
        return overFileLimit(from, entry.originalSize, limits);
      let content: Uint8Array | undefined;
      // Only the one entry checked above is inflated: a second entry of the same name (which a
      // name filter alone would inflate too, unchecked) is passed over.
      let matched = 0;
      const isChecked = (info: UnzipFileInfo) =>
        info.name === entry.name &&
        info.originalSize === entry.originalSize &&
        info.size === entry.size &&
        matched++ === 0;
      try {
        content = unzipSync(data, { filter: isChecked })[entry.name];
      } catch (error) {
        return refused(from, `could not be unpacked (${(error as Error).message})`);
      }
      if (!content || content.length > limits.maxFileBytes)
        return refused(from, 'could not be unpacked within the size limit');
      return { kind: 'file', from, data: Buffer.from(content) };
    },
  };
}

function refuseAll(reason: string): SubmissionFiles {
  return { problem: reason, list: () => [], read: () => ({ kind: 'refused', from: '', reason }) };
}

/** '/'-separated and relative, or undefined for a name that means nothing inside the zip. */
function canonical(name: string): string | undefined {
  const clean = path.posix.normalize(name.replace(/\\/g, '/')).replace(/^\/+/, '');
  return clean === '.' || clean.startsWith('../') || clean === '..' ? undefined : clean;
}

/** Every entry from the central directory, with what makes it unsafe (a link, an escaping path). */
function listEntries(data: Uint8Array): ZipEntry[] {
  const modes = unixModes(data);
  const entries: ZipEntry[] = [];
  // A filter that declines every file lists the archive without inflating anything.
  unzipSync(data, {
    filter: (info) => {
      entries.push({ name: info.name, size: info.size, originalSize: info.originalSize });
      return false;
    },
  });
  for (const entry of entries) {
    const segments = entry.name.split(/[\\/]/);
    if (/^([\\/]|[a-zA-Z]:)/.test(entry.name) || segments.includes('..'))
      entry.unsafe = 'has a path that leaves the submission';
    else if (((modes.get(entry.name) ?? 0) & S_IFMT) === S_IFLNK)
      entry.unsafe = 'is a symbolic link (links are never followed)';
  }
  return entries;
}

/**
 * The Unix mode of each entry, from the central directory's external attributes (fflate does not
 * expose them): it is how a zip marks a symbolic link. Zip64 archives are not read here; their
 * entries then count as regular files, which is safe because a link's content is only its target.
 */
export function unixModes(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const modes = new Map<string, number>();
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return modes;
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  for (let index = 0; index < count && offset + 46 <= zip.length; index++) {
    if (view.getUint32(offset, true) !== 0x02014b50) break;
    const flags = view.getUint16(offset + 8, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const external = view.getUint32(offset + 38, true);
    // The same decoding fflate uses: UTF-8 when flag bit 11 says so, Latin-1 otherwise.
    const name = strFromU8(zip.subarray(offset + 46, offset + 46 + nameLength), !(flags & 0x800));
    modes.set(name, external >>> 16);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return modes;
}
