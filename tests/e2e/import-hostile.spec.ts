/**
 * Hostile archives picked on the options page: entries sharing one block of
 * data (which took a Chromium process to 3.8 GB), a deflate bomb declaring
 * 1,000 bytes, a 98-byte zip64 claiming four billion entries, a truncated
 * archive and duplicate entry names. Each is listed as a `file:line: message`
 * problem, nothing is imported, and the corpus list is unchanged.
 */
import { zipSync } from 'fflate';
import { buildZip, deflateBomb, stored, zip64EntryCountBomb } from '../hostile-zip';
import { test, expect } from './fixtures';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const article = (title: string): string => `---\ntitle: ${title}\n---\nThe east quay will close in June for dredging works.\n`;

/** The hostile archives, each as a picked file. */
function hostileFiles(): Array<{ name: string; mimeType: string; buffer: Buffer }> {
  const block = encode(article('Shared').padEnd(256 * 1024, ' '));
  const sharing = buildZip([stored('0.md', block), ...Array.from({ length: 199 }, (_, i) => ({ ...stored(`${i + 1}.md`, block), size: 0, sharesDataOf: 0 }))]);
  const bomb = buildZip([{ name: 'bomb.md', data: deflateBomb(260_000), method: 8, size: 1000, crc: 0 }]);
  const whole = zipSync({ 'a.md': encode(article('A')), 'b.md': encode(article('B')) });
  const duplicates = buildZip([stored('a.md', article('First')), stored('a.md', article('Second'))]);
  return [
    ['sharing.zip', sharing],
    ['bomb.zip', bomb],
    ['count.zip', zip64EntryCountBomb()],
    ['truncated.zip', whole.subarray(0, whole.length - 40)],
    ['duplicates.zip', duplicates],
  ].map(([name, bytes]) => ({ name: name as string, mimeType: 'application/zip', buffer: Buffer.from(bytes as Uint8Array) }));
}

test('hostile archives are listed as problems and nothing is imported', async ({ context, extensionId }) => {
  test.setTimeout(120_000);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Sourcelight settings');
  const corpora = options.locator('.corpus-list > li');
  await expect(corpora).toHaveCount(1);
  const before = await corpora.allTextContents();

  await options.getByLabel('Name of the new corpus').fill('Hostile');
  await options.getByLabel('Files to import (.jsonl, .txt, .md or .zip)').setInputFiles(hostileFiles());

  await expect(options.locator('.corpora-status')).toHaveText('No valid articles in these files; nothing was imported.', { timeout: 60_000 });
  await expect(options.locator('.problems-heading')).toHaveText('5 problems in the files:');
  await expect(options.locator('.problem-list li')).toHaveText([
    'bomb.zip/bomb.md:1: the entry unpacks to more than its declared 1,000 bytes (a corrupt or hostile archive)',
    'count.zip:1: corrupt zip archive: it claims 4,294,967,295 entries, but its 0 bytes central directory can hold at most 0',
    'duplicates.zip/a.md:1: the archive has two entries with this name (it is ambiguous which one is meant)',
    'sharing.zip/1.md:1: corrupt or hostile zip archive: the data of entries "0.md" and "1.md" overlap',
    'truncated.zip:1: the zip archive is truncated: its central directory is missing (was the download or copy cut short?)',
  ]);
  // No "Import the valid part": there is none.
  await expect(options.getByRole('button', { name: /Import the valid part/ })).toHaveCount(0);

  // The list is unchanged, also as stored: a reload reads it back from IndexedDB.
  expect(await corpora.allTextContents()).toEqual(before);
  await options.reload();
  await expect(corpora).toHaveCount(1);
  expect(await corpora.allTextContents()).toEqual(before);
});
