/**
 * The source viewer's address: the one place that writes a `SourceRequest` into
 * the viewer's URL and reads it back. The popup's links, the popup's and the
 * options page's search results and the background (for the hover card's
 * "Open source") all build it here; the viewer parses it here.
 */
import { z } from 'zod';
import type { SourceRequest } from '../../lib/domain';

/** The viewer page inside the extension, for `runtime.getURL`. */
export const VIEWER_PATH = '/source.html';

/** The query parameter that carries the request as JSON. */
const REQUEST_PARAM = 'request';

const passageSchema = z.object({ docStart: z.number().int().nonnegative(), docEnd: z.number().int().nonnegative() });
const requestSchema = z.object({
  docId: z.string(),
  active: passageSchema,
  passages: z.array(passageSchema),
  pageUrl: z.string(),
  pageTitle: z.string(),
});

/** The viewer's URL for `request`, below `viewerBase` (`runtime.getURL(VIEWER_PATH)`). */
export function sourceViewerUrl(viewerBase: string, request: SourceRequest): string {
  const url = new URL(viewerBase);
  url.searchParams.set(REQUEST_PARAM, JSON.stringify(request));
  return url.href;
}

/**
 * The request in the viewer's query parameters; null when it is missing, not
 * JSON or not shaped like a request. The URL can be typed or edited by anyone,
 * so every field is checked and nothing else is kept.
 */
export function parseSourceRequest(params: URLSearchParams): SourceRequest | null {
  try {
    const parsed = requestSchema.safeParse(JSON.parse(params.get(REQUEST_PARAM) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
