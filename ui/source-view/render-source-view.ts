/**
 * The source viewer: the whole corpus article, the passage the reader came from
 * marked and scrolled into view, and every other passage the page reused.
 */
import { applyMessageLanguage, t, type MessageKey } from '../../extension/i18n';
import { sendMessage } from '../../extension/messages';
import type { PassageRef } from '../../lib/domain';
import { el, formatDate, formatNumber } from '../kit/dom';
import { segmentMarks } from './segment-marks';
import { parseSourceRequest } from './viewer-request';

/** Renders the viewer into `root` for the request in `params`. */
export async function renderSourceView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const doc = root.ownerDocument;
  applyMessageLanguage(doc);
  doc.title = t('viewerLoadingTitle');
  root.replaceChildren(el('p', { class: 'status' }, t('viewerLoading')));
  const request = parseSourceRequest(params);
  if (!request) {
    root.replaceChildren(el('p', { class: 'status' }, t('viewerBadRequest')));
    return;
  }
  const source = await sendMessage('getDocument', { docId: request.docId });
  if (!source) {
    // A switched-off or deleted corpus is not loaded: its articles cannot be shown.
    root.replaceChildren(el('p', { class: 'status' }, t('viewerNoDocument', request.docId)));
    return;
  }
  doc.title = t('viewerDocumentTitle', source.title);

  const header = el('header');
  header.append(el('p', { class: 'eyebrow' }, t('viewerEyebrow')), el('h1', {}, source.title));
  const facts = [source.outlet, source.published && formatDate(source.published), t('viewerArticleId', source.id)].filter(Boolean).join(' · ');
  const meta = el('p', { class: 'meta' }, facts);
  if (source.url) {
    meta.append(' · ');
    meta.append(el('a', { href: source.url, rel: 'noreferrer noopener', target: '_blank' }, source.url));
  }
  header.append(meta, el('p', { class: 'meta corpus', 'data-part': 'corpus' }, t('sourceCorpus', source.corpus.name)));
  if (request.pageUrl) {
    const safeUrl = /^https?:/i.test(request.pageUrl) ? request.pageUrl : '';
    const link = el('a', safeUrl ? { href: safeUrl, rel: 'noreferrer noopener' } : {}, request.pageTitle || request.pageUrl);
    header.append(el('p', { class: 'reused-on' }, ...messageAround('viewerReusedOn', link)));
  }

  const passages = dedupePassages([request.active, ...request.passages], source.text.length);
  const article = el('article', { 'aria-label': t('viewerArticleLabel') });
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

  const nav = el('nav', { 'aria-label': t('viewerPassagesLabel') });
  nav.append(el('strong', {}, passages.length === 1 ? t('viewerPassagesOne') : t('viewerPassagesOther', formatNumber(passages.length))));
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

/**
 * The message `key`, whose one placeholder is `element`, as nodes: translations
 * put the link where their grammar wants it, so the sentence is not glued from pieces.
 */
function messageAround(key: MessageKey, element: HTMLElement): Array<string | HTMLElement> {
  // A private-use character stands in for the element: it never occurs in a message.
  const slot = '\uE000';
  const [before = '', after = ''] = t(key, slot).split(slot);
  return [before, element, after];
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
