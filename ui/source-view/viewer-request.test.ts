/** The viewer's address: what the popup, options and background build is what the viewer reads. */
import { describe, expect, it } from 'vitest';
import type { SourceRequest } from '../../lib/domain';
import { parseSourceRequest, sourceViewerUrl } from './viewer-request';

const BASE = 'chrome-extension://abcdef/source.html';

const request: SourceRequest = {
  docId: 'shipped:doc-1',
  active: { docStart: 400, docEnd: 500 },
  passages: [
    { docStart: 0, docEnd: 100 },
    { docStart: 400, docEnd: 500 },
  ],
  pageUrl: 'https://news.example/a?x=1&y=2#top',
  pageTitle: 'Ünïcode & “quotes” + spaces',
};

/** The query parameters of a viewer URL typed by hand. */
const paramsOf = (query: string): URLSearchParams => new URL(`${BASE}?${query}`).searchParams;

describe('sourceViewerUrl', () => {
  it('points at the viewer page and round-trips through parseSourceRequest', () => {
    const url = new URL(sourceViewerUrl(BASE, request));
    expect(url.href.slice(0, url.href.indexOf('?'))).toBe(BASE);
    expect(parseSourceRequest(url.searchParams)).toEqual(request);
  });

  it('keeps a request from the search (no page, no other passages)', () => {
    const fromSearch: SourceRequest = { docId: 'a:b', active: { docStart: 3, docEnd: 9 }, passages: [], pageUrl: '', pageTitle: '' };
    expect(parseSourceRequest(new URL(sourceViewerUrl(BASE, fromSearch)).searchParams)).toEqual(fromSearch);
  });
});

describe('parseSourceRequest', () => {
  it('is null without a request parameter', () => {
    expect(parseSourceRequest(new URLSearchParams())).toBeNull();
  });

  it('is null for a parameter that is not JSON', () => {
    expect(parseSourceRequest(paramsOf('request=%7Bnot-json'))).toBeNull();
  });

  it('is null when a field is missing or of the wrong type', () => {
    const withoutTitle: Partial<SourceRequest> = { ...request };
    delete withoutTitle.pageTitle;
    expect(parseSourceRequest(paramsOf(`request=${encodeURIComponent(JSON.stringify(withoutTitle))}`))).toBeNull();
    const badDocId = { ...request, docId: 7 };
    expect(parseSourceRequest(paramsOf(`request=${encodeURIComponent(JSON.stringify(badDocId))}`))).toBeNull();
    const notArray = { ...request, passages: { docStart: 0, docEnd: 1 } };
    expect(parseSourceRequest(paramsOf(`request=${encodeURIComponent(JSON.stringify(notArray))}`))).toBeNull();
  });

  it('rejects offsets that are negative or not whole numbers', () => {
    for (const active of [
      { docStart: -1, docEnd: 5 },
      { docStart: 0, docEnd: 2.5 },
      { docStart: '0', docEnd: 5 },
    ]) {
      expect(parseSourceRequest(paramsOf(`request=${encodeURIComponent(JSON.stringify({ ...request, active }))}`)), JSON.stringify(active)).toBeNull();
    }
  });

  it('drops fields it does not know', () => {
    const extra = { ...request, script: '<img onerror=alert(1)>', active: { ...request.active, colour: 'red' } };
    expect(parseSourceRequest(paramsOf(`request=${encodeURIComponent(JSON.stringify(extra))}`))).toEqual(request);
  });

  it('reads a request whose spaces were written as + (URLSearchParams) or %20 (encodeURIComponent)', () => {
    const json = JSON.stringify(request);
    const plus = new URLSearchParams({ request: json }).toString();
    expect(parseSourceRequest(paramsOf(plus))).toEqual(request);
    expect(parseSourceRequest(paramsOf(`request=${encodeURIComponent(json)}`))).toEqual(request);
  });
});
