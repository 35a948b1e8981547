/**
 * Builds zip archives byte by byte for the tests, including the hostile ones a
 * normal zip library refuses to write: sizes that lie, entries sharing one
 * block of data, duplicate names, truncated files, zip64 records claiming
 * billions of entries, deflate bombs. Everything is generated in memory from a
 * few parameters, so no binary fixture is checked in.
 */
import { deflateSync } from 'fflate';
import { crc32 } from '../extension/corpus-store/zip-reader';

/** One entry as it is written, every field overridable. */
export interface RawEntry {
  readonly name: string | Uint8Array;
  /** The bytes written as the entry's data (already deflated when `method` is 8). */
  readonly data: Uint8Array;
  /** 0 = stored (default), 8 = deflated. */
  readonly method?: number;
  /** Declared unpacked size; defaults to `data.length`. */
  readonly size?: number;
  /** Declared CRC-32; defaults to the CRC of `data`. */
  readonly crc?: number;
  /** General-purpose flags; defaults to 0x800 (UTF-8 name). */
  readonly flags?: number;
  /**
   * Index of an earlier entry whose local header and data this one points at
   * instead of writing its own: the overlap of a "zip bomb by reuse".
   */
  readonly sharesDataOf?: number;
}

const encoder = new TextEncoder();

/** A stored entry holding `text`. */
export function stored(name: string, text: string | Uint8Array): RawEntry {
  return { name, data: typeof text === 'string' ? encoder.encode(text) : text };
}

/** A deflated entry holding `text`, with its true size and CRC. */
export function deflated(name: string, text: string | Uint8Array): RawEntry {
  const plain = typeof text === 'string' ? encoder.encode(text) : text;
  return { name, data: deflateSync(plain), method: 8, size: plain.length, crc: crc32(plain) };
}

/** Options of `buildZip`. */
export interface BuildZipOptions {
  /**
   * Write every size and offset as zip64 (0xFFFFFFFF in the 32-bit fields, the
   * values in each entry's zip64 extra field, a zip64 end record and locator),
   * as archivers do for large archives.
   */
  readonly zip64?: boolean;
}

/** The archive of `entries`, in order, with a central directory and end record. */
export function buildZip(entries: readonly RawEntry[], options: BuildZipOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const localOffsets: number[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? encoder.encode(entry.name) : entry.name;
    const method = entry.method ?? 0;
    const size = entry.size ?? entry.data.length;
    const crc = entry.crc ?? crc32(entry.data);
    const flags = entry.flags ?? 0x800;
    let local: number;
    if (entry.sharesDataOf !== undefined) {
      local = localOffsets[entry.sharesDataOf]!;
    } else {
      local = offset;
      const header = new Uint8Array(30 + name.length);
      const view = new DataView(header.buffer);
      view.setUint32(0, 0x04034b50, true);
      view.setUint16(4, 20, true);
      view.setUint16(6, flags, true);
      view.setUint16(8, method, true);
      view.setUint32(14, crc, true);
      view.setUint32(18, entry.data.length, true);
      view.setUint32(22, size, true);
      view.setUint16(26, name.length, true);
      header.set(name, 30);
      parts.push(header, entry.data);
      offset += header.length + entry.data.length;
    }
    localOffsets.push(local);
    const extraLength = options.zip64 ? 4 + 24 : 0;
    const record = new Uint8Array(46 + name.length + extraLength);
    const view = new DataView(record.buffer);
    view.setUint32(0, 0x02014b50, true);
    view.setUint16(4, 45, true);
    view.setUint16(6, 45, true);
    view.setUint16(8, flags, true);
    view.setUint16(10, method, true);
    view.setUint32(16, crc, true);
    view.setUint32(20, options.zip64 ? 0xffffffff : entry.data.length, true);
    view.setUint32(24, options.zip64 ? 0xffffffff : size, true);
    view.setUint16(28, name.length, true);
    view.setUint16(30, extraLength, true);
    view.setUint32(42, options.zip64 ? 0xffffffff : local, true);
    record.set(name, 46);
    if (options.zip64) {
      const extra = 46 + name.length;
      view.setUint16(extra, 0x0001, true);
      view.setUint16(extra + 2, 24, true);
      view.setBigUint64(extra + 4, BigInt(size), true);
      view.setBigUint64(extra + 12, BigInt(entry.data.length), true);
      view.setBigUint64(extra + 20, BigInt(local), true);
    }
    central.push(record);
  }
  const directorySize = central.reduce((sum, record) => sum + record.length, 0);
  const zip64 = options.zip64 ? zip64EndRecords(entries.length, directorySize, offset) : [];
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, options.zip64 ? 0xffff : entries.length, true);
  view.setUint16(10, options.zip64 ? 0xffff : entries.length, true);
  view.setUint32(12, options.zip64 ? 0xffffffff : directorySize, true);
  view.setUint32(16, options.zip64 ? 0xffffffff : offset, true);
  return concat([...parts, ...central, ...zip64, end]);
}

/** A zip64 end record for a central directory at `directoryOffset`, and the locator pointing at it. */
function zip64EndRecords(count: number, directorySize: number, directoryOffset: number): Uint8Array[] {
  const record = new Uint8Array(56);
  const view = new DataView(record.buffer);
  view.setUint32(0, 0x06064b50, true);
  view.setBigUint64(4, 44n, true);
  view.setUint16(12, 45, true);
  view.setUint16(14, 45, true);
  view.setBigUint64(24, BigInt(count), true);
  view.setBigUint64(32, BigInt(count), true);
  view.setBigUint64(40, BigInt(directorySize), true);
  view.setBigUint64(48, BigInt(directoryOffset), true);
  const locator = new Uint8Array(20);
  const locatorView = new DataView(locator.buffer);
  locatorView.setUint32(0, 0x07064b50, true);
  locatorView.setBigUint64(8, BigInt(directoryOffset + directorySize), true);
  locatorView.setUint32(16, 1, true);
  return [record, locator];
}

/**
 * A 98-byte zip64 archive whose end records claim 0xFFFFFFFF entries in an
 * empty central directory: fflate's `unzipSync` loops over every one of them.
 */
export function zip64EntryCountBomb(): Uint8Array {
  const archive = new Uint8Array(56 + 20 + 22);
  const view = new DataView(archive.buffer);
  // Zip64 end of central directory record at 0.
  view.setUint32(0, 0x06064b50, true);
  view.setBigUint64(4, 44n, true);
  view.setUint16(12, 45, true);
  view.setUint16(14, 45, true);
  view.setBigUint64(24, 0xffffffffn, true);
  view.setBigUint64(32, 0xffffffffn, true);
  view.setBigUint64(40, 0n, true);
  view.setBigUint64(48, 0n, true);
  // Zip64 locator pointing at it.
  view.setUint32(56, 0x07064b50, true);
  view.setBigUint64(64, 0n, true);
  view.setUint32(72, 1, true);
  // End record deferring to zip64.
  view.setUint32(76, 0x06054b50, true);
  view.setUint16(84, 0xffff, true);
  view.setUint16(86, 0xffff, true);
  view.setUint32(88, 0xffffffff, true);
  view.setUint32(92, 0xffffffff, true);
  return archive;
}

/**
 * A raw deflate stream of one fixed-Huffman block that unpacks to `1 + 258 ×
 * repeats` zero bytes: a literal, then `repeats` copies of "258 bytes from 1
 * back" at 13 bits each, the densest deflate allows (about 1:1000). With
 * `final` false the block is left open, as in an archive cut short.
 */
export function deflateBomb(repeats: number, final = true): Uint8Array {
  const out = new Uint8Array(Math.ceil((3 + 8 + repeats * 13 + 7) / 8) + 1);
  let bit = 0;
  const bits = (value: number, count: number): void => {
    for (let i = 0; i < count; i++, bit++) if ((value >>> i) & 1) out[bit >>> 3]! |= 1 << (bit & 7);
  };
  // Huffman codes go most significant bit first.
  const code = (value: number, count: number): void => {
    for (let i = count - 1; i >= 0; i--, bit++) if ((value >>> i) & 1) out[bit >>> 3]! |= 1 << (bit & 7);
  };
  bits(final ? 1 : 0, 1);
  bits(1, 2); // fixed Huffman codes
  code(0x30, 8); // literal 0
  for (let i = 0; i < repeats; i++) {
    code(0xc5, 8); // length code 285: 258 bytes
    code(0, 5); // distance code 0: 1 byte back
  }
  if (final) code(0, 7); // end of block
  return out.subarray(0, Math.ceil(bit / 8));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
