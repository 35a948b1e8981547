/**
 * A small zip reader for the corpus import that trusts nothing an archive
 * declares. fflate's `unzipSync` believes the central directory: it loops over
 * however many entries the end record claims, lets entries share bytes, and
 * inflates into a buffer of the declared size, silently cutting what does not
 * fit. A hostile archive can then cost gigabytes or minutes. Here every number
 * is checked against the archive itself before it is used:
 *
 * - the entry count is bounded by the central directory's size (an entry takes
 *   at least 46 bytes), so a 98-byte file cannot claim four billion entries;
 * - every offset and size must lie inside the archive, zip64 fields included;
 * - entries may not overlap (one block of data cannot be unpacked 200 times);
 * - an entry is inflated in small steps and stopped as soon as its real output
 *   passes its declared size, and its CRC-32 is checked;
 * - duplicate names are reported: which of two same-named entries is "the"
 *   file is ambiguous, and unzip tools disagree.
 *
 * Pure (no DOM, no Node APIs): runs in the import worker and in unit tests.
 */
import { Inflate } from 'fflate';

/** A problem with the archive as a whole: nothing in it is read. */
export class ZipFormatError extends Error {
  /**
   * @param message What is wrong, for the reader.
   * @param entryName The entry the problem was found at, when there is one.
   */
  constructor(
    message: string,
    readonly entryName?: string,
  ) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

/** A problem with one entry (corrupt, encrypted, larger than declared): the others can still be read. */
export class ZipEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipEntryError';
  }
}

/** One entry of the central directory, its offsets checked against the archive. */
export interface ZipEntry {
  /** The path inside the archive, "/"-separated; folders end with "/". */
  readonly name: string;
  /** 0 = stored, 8 = deflated; other methods are reported when the entry is extracted. */
  readonly method: number;
  /** Whether the entry is encrypted (general-purpose flag bit 0). */
  readonly encrypted: boolean;
  /** Declared size of the unpacked data, in bytes. */
  readonly size: number;
  /** Size of the stored (compressed) data, in bytes. */
  readonly compressedSize: number;
  readonly crc32: number;
  /** Where the entry's compressed data starts in the archive. */
  readonly dataOffset: number;
}

/** The fixed part of a central-directory entry: no entry can be shorter. */
export const MIN_CENTRAL_ENTRY_BYTES = 46;

const END_RECORD_BYTES = 22;
const ZIP64_LOCATOR_BYTES = 20;
const ZIP64_END_RECORD_BYTES = 56;
const LOCAL_HEADER_BYTES = 30;
const MAX_COMMENT_BYTES = 0xffff;
const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA_ID = 0x0001;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8_NAME = 0x800;
/**
 * Deflate expands at most 1032:1 (258-byte matches of 2 bits at best). Input
 * is pushed in pieces that cannot inflate to more than what the entry still
 * may produce, plus this slack, so a bomb is stopped within about half a megabyte.
 */
const MAX_DEFLATE_RATIO = 1032;
const MIN_INFLATE_STEP = 512;
const MAX_INFLATE_STEP = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Names without the UTF-8 flag are in the archiver's code page; windows-1252 is
// the closest a browser decodes, and it never fails.
const legacyNames = new TextDecoder('windows-1252');

/**
 * Reads and checks the central directory. Throws `ZipFormatError` when the
 * archive is truncated, corrupt, or built to mislead (counts, offsets or sizes
 * that do not fit, overlapping entries, duplicate names). Takes time linear in
 * the archive's size, whatever it claims.
 */
export function readZipDirectory(archive: Uint8Array): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const end = findEndRecord(archive, view);
  const directory = readEndRecord(archive, view, end);

  const entries: ZipEntry[] = [];
  const localOffsets: number[] = [];
  const dataEnds: number[] = [];
  const seen = new Set<string>();
  let at = directory.offset;
  const directoryEnd = directory.offset + directory.size;
  for (let i = 0; i < directory.count; i++) {
    if (at + MIN_CENTRAL_ENTRY_BYTES > directoryEnd || view.getUint32(at, true) !== SIG_CENTRAL) {
      throw new ZipFormatError(`corrupt zip archive: central directory entry ${i + 1} of ${directory.count} is missing or damaged`);
    }
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + MIN_CENTRAL_ENTRY_BYTES + nameLength + extraLength + commentLength;
    if (next > directoryEnd) throw new ZipFormatError(`corrupt zip archive: central directory entry ${i + 1} runs past the directory`);
    const nameBytes = archive.subarray(at + MIN_CENTRAL_ENTRY_BYTES, at + MIN_CENTRAL_ENTRY_BYTES + nameLength);
    const name = decodeName(nameBytes, (flags & FLAG_UTF8_NAME) !== 0);
    const extra = archive.subarray(at + MIN_CENTRAL_ENTRY_BYTES + nameLength, at + MIN_CENTRAL_ENTRY_BYTES + nameLength + extraLength);
    const sizes = resolveZip64(view, at, extra, name);
    if (seen.has(name)) throw new ZipFormatError('the archive has two entries with this name (it is ambiguous which one is meant)', name);
    seen.add(name);

    const local = sizes.localOffset;
    if (local + LOCAL_HEADER_BYTES > directory.offset) throw outside(name, local + LOCAL_HEADER_BYTES, archive.length);
    if (view.getUint32(local, true) !== SIG_LOCAL) throw new ZipFormatError('corrupt zip archive: the entry has no local header', name);
    const dataOffset = local + LOCAL_HEADER_BYTES + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const dataEnd = dataOffset + sizes.compressedSize;
    if (dataEnd > directory.offset) throw outside(name, dataEnd, archive.length);

    entries.push({
      name,
      method: view.getUint16(at + 10, true),
      encrypted: (flags & FLAG_ENCRYPTED) !== 0,
      size: sizes.size,
      compressedSize: sizes.compressedSize,
      crc32: view.getUint32(at + 16, true),
      dataOffset,
    });
    localOffsets.push(local);
    dataEnds.push(dataEnd);
    at = next;
  }
  rejectOverlaps(entries, localOffsets, dataEnds);
  return entries;
}

/**
 * The unpacked bytes of one entry. Stops inflating as soon as the output
 * passes the declared size, so memory never exceeds `entry.size` plus half a
 * megabyte, and checks the CRC-32. Throws `ZipEntryError` for an encrypted,
 * corrupt or mis-sized entry or an unsupported compression method.
 */
export function extractZipEntry(archive: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.encrypted) throw new ZipEntryError('the entry is encrypted; only unencrypted archives can be read');
  const data = archive.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let output: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) {
      throw new ZipEntryError(`corrupt entry: stored as ${formatBytes(entry.compressedSize)} but declared as ${formatBytes(entry.size)}`);
    }
    output = data;
  } else if (entry.method === 8) {
    output = inflateBounded(data, entry.size);
  } else {
    throw new ZipEntryError(`compressed with method ${entry.method}; only stored and deflated entries can be read`);
  }
  if (crc32(output) !== entry.crc32) throw new ZipEntryError('corrupt entry: its CRC-32 checksum does not match its data');
  return output;
}

/** Inflates `data` into exactly `size` bytes, or throws as soon as that is impossible. */
function inflateBounded(data: Uint8Array, size: number): Uint8Array {
  const output = new Uint8Array(size);
  let written = 0;
  let overflow = false;
  const inflate = new Inflate((chunk) => {
    if (overflow) return;
    if (written + chunk.length > size) {
      overflow = true;
      return;
    }
    output.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let at = 0; at < data.length && !overflow; ) {
      // Small enough that even the densest deflate cannot run far past what is left.
      const step = Math.min(MAX_INFLATE_STEP, Math.max(MIN_INFLATE_STEP, Math.ceil((size - written) / MAX_DEFLATE_RATIO)));
      inflate.push(data.subarray(at, at + step), false);
      at += step;
    }
    if (!overflow) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    throw new ZipEntryError(`corrupt entry: its compressed data is truncated or damaged (${(error as Error).message})`);
  }
  if (overflow) throw new ZipEntryError(`the entry unpacks to more than its declared ${formatBytes(size)} (a corrupt or hostile archive)`);
  if (written !== size) {
    throw new ZipEntryError(`corrupt entry: it unpacks to ${formatBytes(written)}, not its declared ${formatBytes(size)}`);
  }
  return output;
}

/** Where the end-of-central-directory record starts: the last one whose comment ends the archive. */
function findEndRecord(archive: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, archive.length - END_RECORD_BYTES - MAX_COMMENT_BYTES);
  for (let at = archive.length - END_RECORD_BYTES; at >= lowest; at--) {
    if (view.getUint32(at, true) === SIG_END && at + END_RECORD_BYTES + view.getUint16(at + 20, true) === archive.length) return at;
  }
  if (archive.length >= 4 && view.getUint32(0, true) === SIG_LOCAL) {
    throw new ZipFormatError('the zip archive is truncated: its central directory is missing (was the download or copy cut short?)');
  }
  throw new ZipFormatError('not a zip archive (no central directory found)');
}

/** The central directory's place and entry count, from the end record (zip64 or not), checked against the archive. */
function readEndRecord(archive: Uint8Array, view: DataView, end: number): { offset: number; size: number; count: number } {
  let disk = view.getUint16(end + 4, true);
  let directoryDisk = view.getUint16(end + 6, true);
  let diskCount = view.getUint16(end + 8, true);
  let count = view.getUint16(end + 10, true);
  let size = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  // The end of what the central directory may occupy: the zip64 record, when there is one, sits between.
  let limit = end;
  if (count === 0xffff || diskCount === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - ZIP64_LOCATOR_BYTES;
    if (locator < 0 || view.getUint32(locator, true) !== SIG_ZIP64_LOCATOR) {
      throw new ZipFormatError('corrupt zip archive: it announces zip64 sizes but has no zip64 locator');
    }
    const record = readUint64(view, locator + 8);
    if (record === undefined || record + ZIP64_END_RECORD_BYTES > locator || view.getUint32(record, true) !== SIG_ZIP64_END) {
      throw new ZipFormatError('corrupt zip archive: its zip64 end record is missing or outside the archive');
    }
    disk = view.getUint32(record + 16, true);
    directoryDisk = view.getUint32(record + 20, true);
    const disk64Count = readUint64(view, record + 24);
    const count64 = readUint64(view, record + 32);
    const size64 = readUint64(view, record + 40);
    const offset64 = readUint64(view, record + 48);
    if (disk64Count === undefined || count64 === undefined || size64 === undefined || offset64 === undefined) {
      throw new ZipFormatError('corrupt zip archive: its zip64 end record holds impossible sizes');
    }
    [diskCount, count, size, offset] = [disk64Count, count64, size64, offset64];
    limit = record;
  }
  if (disk !== 0 || directoryDisk !== 0 || diskCount !== count) {
    throw new ZipFormatError('split (multi-part) zip archives cannot be read; join the parts into one archive');
  }
  if (offset + size > limit) {
    throw new ZipFormatError(
      offset + size > archive.length
        ? 'the zip archive is truncated: its central directory runs past the end of the file'
        : 'corrupt zip archive: its central directory overlaps its end record',
    );
  }
  const room = Math.floor(size / MIN_CENTRAL_ENTRY_BYTES);
  if (count > room) {
    throw new ZipFormatError(
      `corrupt zip archive: it claims ${count.toLocaleString('en-US')} entries, but its ${formatBytes(size)} central directory can hold at most ${room.toLocaleString('en-US')}`,
    );
  }
  return { offset, size, count };
}

/**
 * An entry's sizes and local-header offset, taking the 64-bit values from its
 * zip64 extra field where the 32-bit fields are 0xFFFFFFFF (in the order the
 * format defines: size, compressed size, offset).
 */
function resolveZip64(view: DataView, at: number, extra: Uint8Array, name: string): { size: number; compressedSize: number; localOffset: number } {
  let size = view.getUint32(at + 24, true);
  let compressedSize = view.getUint32(at + 20, true);
  let localOffset = view.getUint32(at + 42, true);
  if (size !== 0xffffffff && compressedSize !== 0xffffffff && localOffset !== 0xffffffff) return { size, compressedSize, localOffset };
  const field = findExtraField(extra, ZIP64_EXTRA_ID);
  if (!field) throw new ZipFormatError('corrupt zip archive: the entry announces zip64 sizes but has no zip64 field', name);
  const fieldView = new DataView(field.buffer, field.byteOffset, field.byteLength);
  let position = 0;
  const next = (): number => {
    const value = position + 8 <= field.length ? readUint64(fieldView, position) : undefined;
    if (value === undefined) throw new ZipFormatError('corrupt zip archive: the entry\'s zip64 field is too short or holds impossible sizes', name);
    position += 8;
    return value;
  };
  if (size === 0xffffffff) size = next();
  if (compressedSize === 0xffffffff) compressedSize = next();
  if (localOffset === 0xffffffff) localOffset = next();
  return { size, compressedSize, localOffset };
}

/** The data of the extra field with this id, or undefined; throws when the extra fields are malformed. */
function findExtraField(extra: Uint8Array, id: number): Uint8Array | undefined {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let at = 0; at + 4 <= extra.length; ) {
    const length = view.getUint16(at + 2, true);
    if (at + 4 + length > extra.length) throw new ZipFormatError('corrupt zip archive: an extra field runs past its entry');
    if (view.getUint16(at, true) === id) return extra.subarray(at + 4, at + 4 + length);
    at += 4 + length;
  }
  return undefined;
}

/** Rejects an archive in which two entries share bytes: valid archivers never write one, bombs do. */
function rejectOverlaps(entries: ZipEntry[], localOffsets: number[], dataEnds: number[]): void {
  const order = entries.map((_, i) => i).sort((a, b) => localOffsets[a]! - localOffsets[b]!);
  for (let k = 1; k < order.length; k++) {
    const [before, after] = [order[k - 1]!, order[k]!];
    if (dataEnds[before]! > localOffsets[after]!) {
      throw new ZipFormatError(
        `corrupt or hostile zip archive: the data of entries "${entries[before]!.name}" and "${entries[after]!.name}" overlap`,
        entries[after]!.name,
      );
    }
  }
}

/** An offset or size that points past what it may, told as truncation when it points past the file. */
function outside(name: string, end: number, archiveLength: number): ZipFormatError {
  return new ZipFormatError(
    end > archiveLength
      ? 'the zip archive is truncated: this entry\'s data runs past the end of the file'
      : 'corrupt zip archive: this entry\'s data runs into the central directory',
    name,
  );
}

/** A little-endian 64-bit unsigned integer, or undefined when it is too large to be an offset in memory. */
function readUint64(view: DataView, at: number): number | undefined {
  const high = view.getUint32(at + 4, true);
  // 2^53 is far beyond any archive a browser can hold; larger values are nonsense, not sizes.
  if (high >= 0x200000) return undefined;
  return high * 0x100000000 + view.getUint32(at, true);
}

function decodeName(bytes: Uint8Array, flaggedUtf8: boolean): string {
  try {
    return utf8.decode(bytes);
  } catch {
    if (flaggedUtf8) throw new ZipFormatError(`corrupt zip archive: an entry name marked UTF-8 is not valid UTF-8 ("${legacyNames.decode(bytes)}")`);
    return legacyNames.decode(bytes);
  }
}

function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}`;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zip uses it) of `bytes`, as an unsigned number. */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
