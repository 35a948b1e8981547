// @vitest-environment happy-dom
/** Downloads from extension pages: a temporary `<a download>` on a Blob URL, freed afterwards. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadBlob, downloadText } from './download';

/** Records each link clicked (its href, file name and whether it was in the document) and the Blob URLs made. */
function watchDownloads(): { clicks: Array<{ href: string; download: string; attached: boolean }>; blobs: Map<string, Blob> } {
  const clicks: Array<{ href: string; download: string; attached: boolean }> = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void blobs.delete(url));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ href: this.href, download: this.download, attached: this.isConnected });
  });
  return { clicks, blobs };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('downloadBlob', () => {
  it('clicks a link to the Blob named for the file, leaves no link behind and frees the URL later', () => {
    vi.useFakeTimers();
    const { clicks, blobs } = watchDownloads();
    const blob = new Blob(['{"id":"a"}\n'], { type: 'application/x-ndjson' });
    downloadBlob(blob, 'my-corpus.jsonl');
    expect(clicks).toEqual([{ href: 'blob:test/0', download: 'my-corpus.jsonl', attached: true }]);
    expect(document.querySelectorAll('a')).toHaveLength(0);
    // Still readable while the browser starts the download…
    expect(blobs.get('blob:test/0')).toBe(blob);
    vi.runAllTimers();
    // …and released afterwards.
    expect(blobs.size).toBe(0);
  });
});

describe('downloadText', () => {
  it('saves the text as UTF-8 of the given type', async () => {
    const { clicks, blobs } = watchDownloads();
    downloadText('Zitat „übernommen“', 'passages.md', 'text/markdown');
    expect(clicks.map((c) => c.download)).toEqual(['passages.md']);
    const blob = blobs.get(clicks[0]!.href)!;
    expect(blob.type).toBe('text/markdown;charset=utf-8');
    expect(await blob.text()).toBe('Zitat „übernommen“');
  });
});
