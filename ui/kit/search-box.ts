/**
 * The corpus search box of the popup and the options page: a labelled search
 * field, results as buttons that open the source viewer on the passage, and a
 * live status line for screen readers.
 */
import { searchCorpus, type CorpusSearchResult } from '../../extension/corpus-search';
import { t } from '../../extension/i18n';
import type { SourceRequest } from '../../lib/domain';
import { el, formatNumber, uniqueId } from './dom';

/** Wait after the last keystroke before searching. */
export const SEARCH_DEBOUNCE_MS = 200;
const RESULT_LIMIT = 8;

export interface SearchBoxOptions {
  /** Opens the viewer on a passage (a new tab). */
  openSource(request: SourceRequest): void | Promise<void>;
  /** Search implementation; the extension's corpus by default. */
  search?: (query: string, limit: number) => Promise<CorpusSearchResult[]>;
}

/** Builds the search section. */
export function createSearchBox(options: SearchBoxOptions): HTMLElement {
  const search = options.search ?? searchCorpus;
  const headingId = uniqueId('search-heading');
  const inputId = uniqueId('search-input');
  const statusId = uniqueId('search-status');
  const input = el('input', {
    type: 'search',
    id: inputId,
    class: 'search-input',
    placeholder: t('searchPlaceholder'),
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': statusId,
  });
  const status = el('p', { id: statusId, class: 'status search-status', role: 'status', 'aria-live': 'polite' });
  const list = el('ul', { class: 'search-results', 'aria-labelledby': headingId });
  const section = el(
    'section',
    { class: 'search', 'aria-labelledby': headingId },
    el('h2', { id: headingId }, t('searchHeading')),
    el('label', { for: inputId, class: 'visually-hidden' }, t('searchLabel')),
    input,
    status,
    list,
  );

  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  const run = async (): Promise<void> => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = t('searchLoading');
    let results: CorpusSearchResult[];
    try {
      results = await search(query, RESULT_LIMIT);
    } catch {
      if (ticket === latest) {
        list.replaceChildren();
        status.textContent = t('searchUnavailable');
      }
      return;
    }
    if (ticket !== latest) return; // a newer query is under way
    list.replaceChildren(...results.map((result) => resultItem(result)));
    status.textContent =
      results.length === 0
        ? t('searchNoResults', query)
        : results.length === 1
          ? t('searchResultsOne')
          : t('searchResultsOther', formatNumber(results.length));
  };

  const resultItem = (result: CorpusSearchResult): HTMLLIElement => {
    const button = el(
      'button',
      { type: 'button', class: 'search-result' },
      el('span', { class: 'result-title' }, result.title),
      el('span', { class: 'result-excerpt' }, result.excerpt),
    );
    button.addEventListener('click', () => {
      void options.openSource({
        docId: result.docId,
        active: { docStart: result.start, docEnd: result.end },
        passages: [],
        pageUrl: '',
        pageTitle: '',
      });
    });
    return el('li', {}, button);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), SEARCH_DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      clearTimeout(timer);
      void run();
    } else if (event.key === 'ArrowDown') {
      const first = list.querySelector('button');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  // Up and down arrows move between results; up from the first goes back to the field.
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...list.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at === -1) return;
    event.preventDefault();
    const next = event.key === 'ArrowDown' ? buttons[Math.min(at + 1, buttons.length - 1)] : (buttons[at - 1] ?? input);
    next?.focus();
  });
  return section;
}
