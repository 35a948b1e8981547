/**
 * The source viewer: the whole corpus article, the passage the reader came from
 * marked and scrolled into view, and every other passage the page reused.
 */
import { sendMessage, type PassageRef } from '../messages';
import { el } from '../popup/dom';
import { segmentMarks } from './segment-marks';
import { parseSourceRequest } from './viewer-request';

/** Renders the viewer into `root` for the request in `params`. */
export async function renderSourceView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const doc = root.ownerDocument;
  const request = parseSourceRequest(params);
  if (!request) {
    root.replaceChildren(el('p', { class: 'status' }, 'This link does not name a source passage.'));
    return;
  }
  const source = await sendMessage('getDocument', { docId: request.docId });
  if (!source) {
    // A switched-off or deleted corpus is not loaded: its articles cannot be shown.
    root.replaceChildren(el('p', { class: 'status' }, `No enabled corpus has the article “${request.docId}”.`));
    return;
  }
  doc.title = `${source.title} — Sourcelight`;

  const header = el('header');
  header.append(el('p', { class: 'eyebrow' }, 'Corpus article'), el('h1', {}, source.title));
  const facts = [source.outlet, source.published, `id ${source.id}`].filter(Boolean).join(' · ');
  const meta = el('p', { class: 'meta' }, facts);
  if (source.url) {
    meta.append(' · ');
    meta.append(el('a', { href: source.url, rel: 'noreferrer noopener', target: '_blank' }, source.url));
  }
  header.append(meta, el('p', { class: 'meta corpus', 'data-part': 'corpus' }, `Corpus: ${source.corpus.name}`));
  if (request.pageUrl) {
    const reused = el('p', { class: 'reused-on' }, 'Passages reused on ');
    const safeUrl = /^https?:/i.test(request.pageUrl) ? request.pageUrl : '';
    const link = el('a', safeUrl ? { href: safeUrl, rel: 'noreferrer noopener' } : {}, request.pageTitle || request.pageUrl);
    reused.append(link);
    header.append(reused);
  }

  const passages = dedupePassages([request.active, ...request.passages], source.text.length);
  const article = el('article', { 'aria-label': 'Article text' });
  const paragraph = el('p');
  const marks: HTMLElement[] = [];
  for (const segment of segmentMarks(source.text, passages)) {
    if (segment.passage === null) {
      paragraph.append(segment.text);
      continue;
    }
    const mark = el('mark', { 'data-passage': String(segment.passage) }, segment.text);
    if (isSame(passages[segment.passage]!, request.active)) mark.classList.add('active');
    marks.push(mark);
    paragraph.append(mark);
  }
  article.append(paragraph);

  const nav = el('nav', { 'aria-label': 'Passages reused by the page' });
  nav.append(el('strong', {}, passages.length === 1 ? '1 passage reused by the page' : `${passages.length} passages reused by the page`));
  const list = el('ol');
  passages.forEach((passage, i) => {
    const excerpt = source.text.slice(passage.docStart, passage.docEnd).replace(/\s+/g, ' ');
    const button = el('button', { type: 'button' }, excerpt.length > 90 ? `${excerpt.slice(0, 90)}…` : excerpt);
    button.addEventListener('click', () => focusPassage(marks, i));
    const item = el('li');
    item.append(button);
    list.append(item);
  });
  nav.append(list);

  root.replaceChildren(header, nav, article);
  const activeIndex = passages.findIndex((p) => isSame(p, request.active));
  focusPassage(marks, activeIndex);
}

function focusPassage(marks: HTMLElement[], index: number): void {
  const first = marks.find((mark) => mark.dataset.passage === String(index));
  if (!first) return;
  for (const mark of marks) mark.classList.toggle('active', mark.dataset.passage === String(index));
  first.scrollIntoView({ block: 'center' });
}

function isSame(a: PassageRef, b: PassageRef): boolean {
  return a.docStart === b.docStart && a.docEnd === b.docEnd;
}

/** Valid, distinct passages within the text, in document order. */
function dedupePassages(passages: PassageRef[], length: number): PassageRef[] {
  const seen = new Set<string>();
  return passages
    .filter((p) => p.docStart < p.docEnd && p.docEnd <= length)
    .filter((p) => {
      const key = `${p.docStart}:${p.docEnd}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.docStart - b.docStart);
}
