/** The import's zip reader: honest archives read as fflate writes them, hostile ones rejected with the reason. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildZip, deflateBomb, deflated, stored, zip64EntryCountBomb } from '../../tests/hostile-zip';
import { crc32, extractZipEntry, readZipDirectory, ZipEntryError, ZipFormatError } from './zip-reader';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** The error `run` throws (failing the test when it throws none). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/** Reads the only entry of `archive`. */
const extractOnly = (archive: Uint8Array): Uint8Array => extractZipEntry(archive, readZipDirectory(archive)[0]!);

describe('readZipDirectory and extractZipEntry on honest archives', () => {
  it('read what fflate writes, stored and deflated, in folders', () => {
    const long = 'The ferry will run every forty minutes. '.repeat(200);
    const archive = zipSync({ 'a.txt': [encode('short'), { level: 0 }], 'press/b.md': encode(long), 'empty/': new Uint8Array(0) });
    const entries = readZipDirectory(archive);
    expect(entries.map((entry) => [entry.name, entry.method, entry.size])).toEqual([
      ['a.txt', 0, 5],
      ['press/b.md', 8, long.length],
      ['empty/', 8, 0],
    ]);
    expect(entries.map((entry) => decode(extractZipEntry(archive, entry)))).toEqual(['short', long, '']);
  });

  it('read names not marked UTF-8 in the legacy code page', () => {
    const archive = buildZip([{ ...stored('x', 'text'), name: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6d, 0x64]), flags: 0 }]);
    expect(readZipDirectory(archive)[0]!.name).toBe('café.md');
  });

  it('read zip64 archives: sizes, offsets and counts from the zip64 records', () => {
    const long = 'The ferry will run every forty minutes. '.repeat(50);
    const archive = buildZip([stored('a.txt', 'stored text'), deflated('press/b.md', long)], { zip64: true });
    const entries = readZipDirectory(archive);
    expect(entries.map((entry) => [entry.name, entry.size])).toEqual([
      ['a.txt', 11],
      ['press/b.md', long.length],
    ]);
    expect(entries.map((entry) => decode(extractZipEntry(archive, entry)))).toEqual(['stored text', long]);
  });

  it('compute the CRC-32 zip uses', () => {
    expect(crc32(encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('hostile and damaged archives', () => {
  it('a 98-byte zip64 claiming 0xFFFFFFFF entries is rejected from its size alone', () => {
    const archive = zip64EntryCountBomb();
    expect(archive.length).toBe(98);
    const error = thrown(() => readZipDirectory(archive));
    expect(error).toBeInstanceOf(ZipFormatError);
    expect(error.message).toBe('corrupt zip archive: it claims 4,294,967,295 entries, but its 0 bytes central directory can hold at most 0');
  });

  it('200 entries pointing at one block of data are rejected as overlapping, before anything is unpacked', () => {
    const block = new Uint8Array(64 * 1024).fill(0x61);
    // Each entry declares size 0 and points at the first one's data, as in the 16.8 MB / 3.8 GB report.
    const entries = [stored('0.txt', block), ...Array.from({ length: 199 }, (_, i) => ({ ...stored(`${i + 1}.txt`, block), size: 0, sharesDataOf: 0 }))];
    const error = thrown(() => readZipDirectory(buildZip(entries)));
    expect(error).toBeInstanceOf(ZipFormatError);
    expect(error.message).toMatch(/^corrupt or hostile zip archive: the data of entries "\d+\.txt" and "\d+\.txt" overlap$/);
  });

  it('entries sharing data are rejected even when every declared size is true', () => {
    const block = encode('shared text');
    const error = thrown(() => readZipDirectory(buildZip([stored('a.txt', block), { ...stored('b.txt', block), sharesDataOf: 0 }])));
    expect(error.message).toBe('corrupt or hostile zip archive: the data of entries "a.txt" and "b.txt" overlap');
  });

  it('a deflated entry declaring 1,000 bytes that inflates to 64 MB is stopped just past its declared size', () => {
    const bomb = deflateBomb(260_000);
    const archive = buildZip([{ name: 'bomb.txt', data: bomb, method: 8, size: 1000, crc: 0 }]);
    const error = thrown(() => extractOnly(archive));
    expect(error).toBeInstanceOf(ZipEntryError);
    expect(error.message).toBe('the entry unpacks to more than its declared 1,000 bytes (a corrupt or hostile archive)');
  });

  it('inflating stops at the declared size: a bomb cut short reports its size, never reaching the cut', () => {
    // Inflated to the end, this stream would fail as truncated; it is stopped long before.
    const archive = buildZip([{ name: 'bomb.txt', data: deflateBomb(50_000, false), method: 8, size: 1000, crc: 0 }]);
    expect(thrown(() => extractOnly(archive)).message).toBe('the entry unpacks to more than its declared 1,000 bytes (a corrupt or hostile archive)');
    // The same stream declared at its full length is read to the cut, and reported as damaged.
    const honestSize = buildZip([{ name: 'bomb.txt', data: deflateBomb(50_000, false), method: 8, size: 1 + 258 * 50_000, crc: 0 }]);
    expect(thrown(() => extractOnly(honestSize)).message).toMatch(/^corrupt entry: its compressed data is truncated or damaged/);
  });

  it('a stored entry whose declared size is not its stored size is rejected', () => {
    const archive = buildZip([{ ...stored('a.txt', 'sixteen bytes!!!'), size: 0 }]);
    expect(thrown(() => extractOnly(archive)).message).toBe('corrupt entry: stored as 16 bytes but declared as 0 bytes');
  });

  it('a deflated entry that unpacks to less than declared is rejected', () => {
    const archive = buildZip([{ ...deflated('a.txt', 'short text'), size: 500 }]);
    expect(thrown(() => extractOnly(archive)).message).toBe('corrupt entry: it unpacks to 10 bytes, not its declared 500 bytes');
  });

  it('a CRC-32 mismatch is reported', () => {
    const archive = buildZip([{ ...stored('a.txt', 'The quay closes.'), crc: 12345 }]);
    const error = thrown(() => extractOnly(archive));
    expect(error).toBeInstanceOf(ZipEntryError);
    expect(error.message).toBe('corrupt entry: its CRC-32 checksum does not match its data');
  });

  it('duplicate entry names are reported, not resolved by keeping the last', () => {
    const error = thrown(() => readZipDirectory(buildZip([stored('press/a.md', 'first'), stored('b.md', 'b'), stored('press/a.md', 'second')])));
    expect(error).toBeInstanceOf(ZipFormatError);
    expect(error.message).toBe('the archive has two entries with this name (it is ambiguous which one is meant)');
    expect((error as ZipFormatError).entryName).toBe('press/a.md');
  });

  it('a truncated archive is reported as truncated', () => {
    const archive = zipSync({ 'a.md': encode('---\ntitle: A\n---\nText.\n'), 'b.md': encode('---\ntitle: B\n---\nText.\n') });
    for (const cut of [archive.length - 1, archive.length - 30, Math.floor(archive.length / 2), 10]) {
      expect(thrown(() => readZipDirectory(archive.subarray(0, cut))).message).toBe(
        'the zip archive is truncated: its central directory is missing (was the download or copy cut short?)',
      );
    }
  });

  it('an entry whose data runs past the end of the file is reported as truncated', () => {
    const archive = buildZip([stored('a.txt', 'text')]);
    // The central directory's compressed size of the only entry, made far larger than the file.
    new DataView(archive.buffer).setUint32(archive.length - 22 - 51 + 20, 1_000_000, true);
    const error = thrown(() => readZipDirectory(archive));
    expect(error.message).toBe("the zip archive is truncated: this entry's data runs past the end of the file");
    expect((error as ZipFormatError).entryName).toBe('a.txt');
  });

  it('an end record announcing zip64 without a zip64 record is corrupt', () => {
    const archive = buildZip([stored('a.txt', 'text')]);
    new DataView(archive.buffer).setUint16(archive.length - 22 + 10, 0xffff, true);
    expect(thrown(() => readZipDirectory(archive)).message).toBe('corrupt zip archive: it announces zip64 sizes but has no zip64 locator');
  });

  it('a zip64 end record pointing outside the archive, or a zip64 field too short, is corrupt', () => {
    const archive = buildZip([stored('a.txt', 'text')], { zip64: true });
    const locatorOffset = archive.length - 22 - 20 + 8;
    const moved = archive.slice();
    new DataView(moved.buffer).setBigUint64(locatorOffset, 0xffffffffffn, true);
    expect(thrown(() => readZipDirectory(moved)).message).toBe('corrupt zip archive: its zip64 end record is missing or outside the archive');
    // The entry's zip64 field declares 24 bytes; cut to 8, it lacks the compressed size and offset.
    const short = archive.slice();
    const directoryStart = archive.length - 22 - 20 - 56 - (46 + 5 + 28);
    new DataView(short.buffer).setUint16(directoryStart + 46 + 5 + 2, 8, true);
    expect(thrown(() => readZipDirectory(short)).message).toBe("corrupt zip archive: the entry's zip64 field is too short or holds impossible sizes");
  });

  it('an entry announcing zip64 sizes without a zip64 field is corrupt', () => {
    const archive = buildZip([{ ...stored('a.txt', 'text'), size: 0xffffffff }]);
    expect(thrown(() => readZipDirectory(archive)).message).toBe('corrupt zip archive: the entry announces zip64 sizes but has no zip64 field');
  });

  it('encrypted entries and unknown methods are reported per entry', () => {
    expect(thrown(() => extractOnly(buildZip([{ ...stored('a.txt', 'x'), flags: 0x801 }]))).message).toBe(
      'the entry is encrypted; only unencrypted archives can be read',
    );
    expect(thrown(() => extractOnly(buildZip([{ ...stored('a.txt', 'x'), method: 12 }]))).message).toBe(
      'compressed with method 12; only stored and deflated entries can be read',
    );
  });

  it('something that is not a zip is named as such', () => {
    expect(thrown(() => readZipDirectory(encode('not a zip at all, just text'))).message).toBe('not a zip archive (no central directory found)');
    expect(thrown(() => readZipDirectory(new Uint8Array(0))).message).toBe('not a zip archive (no central directory found)');
  });
});
