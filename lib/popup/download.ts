/**
 * Saves text as a file from an extension page: a Blob URL and a temporary
 * `<a download>`, so no `downloads` permission is needed.
 */

/** Starts the download of `text` as `fileName`. */
export function downloadText(text: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has read the URL once the click is handled; free it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
