import { startProvenanceHighlights } from '@/page/provenance-highlights';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  // No manifest CSS: it would style `::highlight()` on every page, on or off, and let
  // any page detect the extension. Styles are adopted only while something is painted.
  main(ctx) {
    void startProvenanceHighlights(document, ctx.signal).catch((error: unknown) => {
      // Never let a failure surface as a page error; leave a trace for developers.
      console.debug('[Sourcelight]', error);
    });
  },
});
