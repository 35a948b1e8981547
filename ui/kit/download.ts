/**
 * Saves data as a file from an extension page (popup exports, options corpus
 * export): a Blob URL and a temporary `<a download>`, so no `downloads`
 * permission is needed.
 */

/** How long the Blob URL stays valid: the browser has read it once the click is handled. */
const REVOKE_AFTER_MS = 10_000;

/** Starts the download of `blob` as `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** Starts the download of `text` (UTF-8, of type `mimeType`) as `fileName`. */
export function downloadText(text: string, fileName: string, mimeType: string): void {
  downloadBlob(new Blob([text], { type: `${mimeType};charset=utf-8` }), fileName);
}
