import { startProvenanceHighlights } from '@/lib/page/provenance-highlights';
import './highlights.css';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  main(ctx) {
    void startProvenanceHighlights(document, ctx.signal).catch((error: unknown) => {
      // Never let a failure surface as a page error; leave a trace for developers.
      console.debug('[Sourcelight]', error);
    });
  },
});
