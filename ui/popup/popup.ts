/**
 * The toolbar popup: what the current tab reuses from the corpus, grouped by
 * source article, the on/off switches, exports and the corpus search.
 *
 * Opened from the toolbar it reports on the active tab of its window. Opened as
 * a page with `?tab=<id>` (tests, or a pinned tab) it reports on that tab and
 * stays open after an action instead of closing.
 */
import { browser } from 'wxt/browser';
import { exportCsv, exportJson, exportMarkdown } from '../../lib/export-matches';
import { applyMessageLanguage, t } from '../../extension/i18n';
import { sendMessage, sendMessageToFrame } from '../../extension/messages';
import type { PageReport, SourceRequest } from '../../lib/domain';
import { isSiteEnabled, parseSettings, settingsItem, type Settings } from '../../extension/storage';
import { el, formatDate, formatNumber, switchControl } from '../kit/dom';
import { mergeFrameReports, type MergedReport, type PassageTarget } from './frame-reports';
import { downloadText } from '../kit/download';
import {
  exportFileName,
  formatPercent,
  groupBySource,
  httpHostname,
  sourceRequestFor,
  summarize,
  type SourceGroup,
} from './report-view';
import { extensionViewerUrl, openSourceViewer } from '../source-view/open-viewer';
import { createSearchBox } from '../kit/search-box';
import { updateSettings, withSiteEnabled } from '../kit/update-settings';

/** How long to wait for the page's content script before calling the page unreachable. */
const REPORT_TIMEOUT_MS = 8000;
/** After a settings change the page rescans; read its report again after these delays. */
const REFRESH_AFTER_CHANGE_MS = [300, 1200, 3000];

interface TabInfo {
  id: number;
  index?: number;
  url?: string;
}

type ReportState = { kind: 'loading' } | { kind: 'unreachable' } | { kind: 'ready'; report: PageReport };

/** Renders the popup into `root`. `params` are the page's query parameters. */
export async function renderPopup(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const tabParam = params.get('tab');
  const asPage = tabParam !== null;
  document.documentElement.classList.toggle('as-page', asPage);
  applyMessageLanguage(document);
  document.title = t('appName');

  const finish = (): void => {
    if (!asPage) window.close();
  };

  const tab = await resolveTab(tabParam);
  let settings: Settings = parseSettings(await settingsItem.getValue());
  let state: ReportState = { kind: 'loading' };
  let hostname: string | null = httpHostname(tab?.url);

  // --- Layout ---
  const optionsLink = el('a', { href: browser.runtime.getURL('/options.html'), class: 'header-link' }, t('settingsLink'));
  optionsLink.addEventListener('click', (event) => {
    event.preventDefault();
    void browser.runtime.openOptionsPage().then(finish);
  });
  const header = el('header', { class: 'popup-header' }, el('h1', {}, t('appName')), optionsLink);

  // Each switch applies its change to `settings` at once, before the write lands:
  // a report that arrives in between re-renders the switches from `settings`,
  // and with the old value it flipped the reader's click back until the storage
  // watch caught up (seen in CI as Playwright's "did not change its state").
  const siteSwitch = switchControl('', true, (checked) => {
    if (!hostname) return;
    const site = hostname;
    settings = parseSettings({ ...settings, ...withSiteEnabled(settings, site, checked) });
    void updateSettings((current) => withSiteEnabled(current, site, checked));
  });
  const globalSwitch = switchControl(t('toggleEverywhere'), settings.enabled, (checked) => {
    settings = parseSettings({ ...settings, enabled: checked });
    void updateSettings(() => ({ enabled: checked }));
  });
  const toggles = el('section', { class: 'toggles', 'aria-label': t('appName') }, siteSwitch.root, globalSwitch.root);

  const statusRegion = el('div', { class: 'page-status', role: 'status', 'aria-live': 'polite' });
  const sourcesHeading = el('h2', { id: 'sources-heading', class: 'visually-hidden' }, t('popupSourcesHeading'));
  const groupList = el('ul', { class: 'groups', 'aria-labelledby': 'sources-heading' });
  const sourcesSection = el('section', { class: 'sources', 'aria-labelledby': 'sources-heading' }, sourcesHeading, groupList);

  const exportStatus = el('p', { class: 'status export-status', role: 'status', 'aria-live': 'polite' });
  const exportButtons = (
    [
      ['exportJson', 'json', 'application/json', exportJson],
      ['exportCsv', 'csv', 'text/csv', exportCsv],
      ['exportMarkdown', 'md', 'text/markdown', exportMarkdown],
    ] as const
  ).map(([labelKey, extension, mime, format]) => {
    const label = t(labelKey);
    const button = el('button', { type: 'button', class: 'secondary', 'aria-label': t('exportLabel', label) }, label);
    button.addEventListener('click', () => {
      if (state.kind !== 'ready') return;
      const fileName = exportFileName(state.report.pageUrl, extension);
      downloadText(format(state.report), fileName, mime);
      exportStatus.textContent = t('exportDone', fileName);
    });
    return button;
  });
  const exportSection = el(
    'section',
    { class: 'export', 'aria-labelledby': 'export-heading' },
    el('h2', { id: 'export-heading' }, t('exportHeading')),
    el('div', { class: 'button-row' }, ...exportButtons),
    exportStatus,
  );

  const openSource = async (request: SourceRequest): Promise<void> => {
    await openSourceViewer(request, tab);
    finish();
  };
  const searchSection = createSearchBox({ openSource });

  root.replaceChildren(header, toggles, statusRegion, sourcesSection, exportSection, searchSection);

  // --- State ---
  const renderToggles = (): void => {
    siteSwitch.root.hidden = !hostname;
    if (hostname) {
      siteSwitch.root.querySelector('.switch-label')!.textContent = t('toggleSite', hostname);
      siteSwitch.input.checked = !settings.disabledSites.includes(hostname);
    }
    globalSwitch.input.checked = settings.enabled;
  };

  const renderState = (): void => {
    renderToggles();
    const ready = state.kind === 'ready' && state.report.passages.length > 0;
    for (const button of exportButtons) button.disabled = !ready;
    exportSection.hidden = state.kind !== 'ready';
    sourcesSection.hidden = !ready;
    if (state.kind === 'loading') {
      statusRegion.replaceChildren(el('p', { class: 'status' }, t('popupLoading')));
      groupList.replaceChildren();
      return;
    }
    if (state.kind === 'unreachable') {
      const retry = el('button', { type: 'button', class: 'secondary' }, t('popupRetry'));
      retry.addEventListener('click', () => void loadReport());
      statusRegion.replaceChildren(
        el('p', { class: 'status-title' }, t('popupUnreachable')),
        el('p', { class: 'status' }, t('popupUnreachableHint')),
        retry,
      );
      groupList.replaceChildren();
      return;
    }
    const report = state.report;
    if (!report.active || (hostname && !isSiteEnabled(settings, hostname))) {
      const message = !settings.enabled || !hostname ? t('popupOffEverywhere') : t('popupOffSite', hostname);
      statusRegion.replaceChildren(el('p', { class: 'status' }, message));
      groupList.replaceChildren();
      sourcesSection.hidden = true;
      for (const button of exportButtons) button.disabled = true;
      return;
    }
    if (report.passages.length === 0) {
      statusRegion.replaceChildren(el('p', { class: 'status' }, t('popupNoPassages')));
      groupList.replaceChildren();
      return;
    }
    const summary = summarize(report);
    statusRegion.replaceChildren(
      el(
        'p',
        { class: 'summary' },
        t('popupSummary', [
          summary.passageCount === 1 ? t('summaryPassagesOne') : t('summaryPassagesOther', formatNumber(summary.passageCount)),
          summary.articleCount === 1 ? t('summaryArticlesOne') : t('summaryArticlesOther', formatNumber(summary.articleCount)),
          formatPercent(summary.reusedShare),
        ]),
      ),
      el('p', { class: 'kind-counts' }, t('popupKindCounts', [summary.copiedCount, summary.rewrittenCount])),
    );
    groupList.replaceChildren(...groupBySource(report).map((group) => renderGroup(report, group)));
  };

  const renderGroup = (report: PageReport, group: SourceGroup): HTMLLIElement => {
    const titleId = `group-${cssSafe(group.docId)}`;
    const facts = [group.outlet, group.published ? formatDate(group.published) : undefined, t('groupCorpus', group.corpusName)].filter(Boolean).join(' · ');
    const request = sourceRequestFor(report, group);
    const viewerLink = el(
      'a',
      { class: 'open-viewer', href: extensionViewerUrl(request), 'aria-label': t('groupOpenViewerLabel', group.title) },
      t('groupOpenViewer'),
    );
    viewerLink.addEventListener('click', (event) => {
      event.preventDefault();
      void openSource(request);
    });
    const passages = el(
      'ol',
      { class: 'passages' },
      ...group.passages.map((passage) => {
        const similarity = passage.overlap
          ? t('passageSharedWords', [passage.overlap.shared, passage.overlap.total])
          : t('passageSimilarity', Math.round(passage.similarity * 100));
        const button = el(
          'button',
          { type: 'button', class: 'passage', 'data-index': passage.index, 'data-kind': passage.kind, title: t('passageShowHint') },
          el('span', { class: 'passage-text' }, t('quotedPassage', passage.pageText.replace(/\s+/g, ' ').trim())),
          el(
            'span',
            { class: 'passage-facts' },
            passage.kind === 'rewritten' ? el('span', { class: 'passage-kind' }, t('passageTagRewritten')) : null,
            el('span', { class: 'passage-similarity' }, similarity),
          ),
        );
        button.addEventListener('click', () => void focusPassage(passage.index));
        return el('li', {}, button);
      }),
    );
    return el(
      'li',
      { class: 'group', 'data-doc-id': group.docId },
      el(
        'article',
        { 'aria-labelledby': titleId },
        el('h3', { id: titleId, class: 'group-title' }, group.title),
        el(
          'p',
          { class: 'group-meta' },
          group.private ? el('span', { class: 'private-tag', title: t('groupPrivateHint') }, t('groupPrivateTag')) : null,
          facts,
        ),
        el(
          'p',
          { class: 'group-stats' },
          group.bestSimilarity === null ? null : el('span', { class: 'best-similarity' }, t('groupBestSimilarity', Math.round(group.bestSimilarity * 100))),
          group.bestSimilarity === null ? null : ' · ',
          el('span', { class: 'coverage' }, t('groupCoverage', formatPercent(group.coverage))),
        ),
        passages,
        viewerLink,
      ),
    );
  };

  /** Where each passage of the shown report is painted (frame and that frame's index). */
  let targets = new Map<number, PassageTarget>();
  const focusPassage = async (index: number): Promise<void> => {
    if (!tab) return;
    const target = targets.get(index) ?? { frameId: 0, index };
    try {
      await sendMessageToFrame('focusPassage', { index: target.index }, { tabId: tab.id, frameId: target.frameId });
    } catch {
      // The page went away or reloaded; the next report will tell.
    }
    if (asPage) await browser.tabs.update(tab.id, { active: true }).catch(() => undefined);
    finish();
  };

  let loads = 0;
  const loadReport = async (): Promise<void> => {
    const ticket = ++loads;
    if (state.kind !== 'ready') {
      state = { kind: 'loading' };
      renderState();
    }
    const next = await fetchReport(tab);
    if (ticket !== loads) return;
    state = next ? { kind: 'ready', report: next.report } : { kind: 'unreachable' };
    targets = next?.targets ?? new Map();
    if (next) hostname = httpHostname(next.report.pageUrl) ?? hostname;
    renderState();
  };

  let refreshTimers: ReturnType<typeof setTimeout>[] = [];
  settingsItem.watch((value) => {
    settings = parseSettings(value);
    renderState();
    for (const timer of refreshTimers) clearTimeout(timer);
    refreshTimers = REFRESH_AFTER_CHANGE_MS.map((delay) => setTimeout(() => void loadReport(), delay));
  });

  renderState();
  await loadReport();
}

/** The tab to report on: `?tab=<id>` if given, else the active tab of this window. */
async function resolveTab(tabParam: string | null): Promise<TabInfo | null> {
  try {
    if (tabParam !== null) {
      const id = Number(tabParam);
      if (!Number.isSafeInteger(id) || id < 0) return null;
      const tab = await browser.tabs.get(id).catch(() => null);
      return { id, ...(tab?.index !== undefined ? { index: tab.index } : {}), ...(tab?.url ? { url: tab.url } : {}) };
    }
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return null;
    return { id: tab.id, index: tab.index, ...(tab.url ? { url: tab.url } : {}) };
  } catch {
    return null;
  }
}

/**
 * The tab's page report: its top frame's, merged with those of the frames that
 * paint passages (the background knows them from their badge counts). Null
 * when the top frame's content script does not answer.
 */
async function fetchReport(tab: TabInfo | null): Promise<MergedReport | null> {
  if (!tab) return null;
  const top = await frameReport(tab.id, 0);
  if (!top) return null;
  const frameIds = await sendMessage('getPassageFrames', { tabId: tab.id }).catch(() => []);
  const frames = await Promise.all(frameIds.map(async (frameId) => ({ frameId, report: await frameReport(tab.id, frameId) })));
  return mergeFrameReports(
    top,
    frames.filter((f): f is { frameId: number; report: PageReport } => f.report !== null),
  );
}

/** One frame's report; null when no content script answers there. */
async function frameReport(tabId: number, frameId: number): Promise<PageReport | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      sendMessageToFrame('getPageReport', undefined, { tabId, frameId }),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REPORT_TIMEOUT_MS))),
    ]);
  } catch {
    // No content script (browser pages, stores, tabs from before install): not an error for the user.
    return null;
  } finally {
    clearTimeout(timer);
  }
}

function cssSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}
