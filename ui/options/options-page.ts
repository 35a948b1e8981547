/**
 * The options page: matching thresholds, highlight appearance, sites where the
 * extension never runs, "Not a match here" choices, the corpora (shipped and
 * imported, see corpora-section.ts) and corpus search.
 *
 * Every change is saved when the user commits it (a field's `change` event),
 * through `parseSettings`; open tabs apply it live because their content
 * scripts watch the settings item. Invalid input is shown, never saved.
 */
import { applyMessageLanguage, t, type MessageKey } from '../../extension/i18n';
import { INDEX_FORMAT_VERSION, type IndexInfo } from '../../lib/index-format';
import { sendMessage } from '../../extension/messages';
import type { SourceRequest } from '../../lib/domain';
import type { MatchKind } from '../../lib/matcher';
import { dismissalsItem, HIGHLIGHT_STYLES, parseDismissals, parseSettings, settingsItem, type Settings } from '../../extension/storage';
import type { Dismissal } from '../../lib/domain';
import { el, formatNumber, switchControl, uniqueId } from '../kit/dom';
import { createSearchBox } from '../kit/search-box';
import { updateSettings, withSiteEnabled } from '../kit/update-settings';
import { openSourceViewer } from '../source-view/open-viewer';
import { createCorporaSection } from './corpora-section';
import { MIN_WORDS_RANGE, normalizeHostname, parseMinWords, parseSimilarityPercent, similarityToPercent } from './fields';

/** Renders the options page into `root`. */
export async function renderOptions(root: HTMLElement): Promise<void> {
  applyMessageLanguage(document);
  document.title = t('optionsTitle');
  let settings: Settings = parseSettings(await settingsItem.getValue());
  let dismissals: Dismissal[] = parseDismissals(await dismissalsItem.getValue());

  const saveStatus = el('p', { class: 'status save-status', role: 'status', 'aria-live': 'polite' });
  const save = async (change: (current: Settings) => Partial<Settings>): Promise<void> => {
    try {
      settings = await updateSettings(change);
      saveStatus.textContent = t('optionsSaved');
    } catch {
      saveStatus.textContent = t('optionsSaveFailed');
    }
  };

  // --- General ---
  const globalSwitch = switchControl(t('toggleEverywhere'), settings.enabled, (checked) => void save(() => ({ enabled: checked })));

  // --- Matching ---
  const minWords = numberField({
    label: t('optionsMinWords'),
    hint: t('optionsMinWordsHint'),
    error: t('optionsMinWordsError'),
    attrs: { min: MIN_WORDS_RANGE.min, max: MIN_WORDS_RANGE.max, step: 1, name: 'minWords' },
    parse: parseMinWords,
    save: (value) => save(() => ({ minWords: value })),
  });

  const similarityHintId = uniqueId('hint');
  const similarityErrorId = uniqueId('error');
  const rangeId = uniqueId('similarity-range');
  const similarityRange = el('input', {
    type: 'range',
    id: rangeId,
    min: 0,
    max: 100,
    step: 1,
    name: 'minSimilarityRange',
    'aria-describedby': similarityHintId,
  });
  const similarityNumber = el('input', {
    type: 'number',
    min: 0,
    max: 100,
    step: 1,
    name: 'minSimilarity',
    class: 'narrow',
    'aria-label': t('optionsSimilarityNumber'),
    'aria-describedby': `${similarityHintId} ${similarityErrorId}`,
  });
  const similarityError = el('p', { id: similarityErrorId, class: 'field-error', hidden: true }, t('optionsSimilarityError'));
  similarityRange.addEventListener('input', () => {
    similarityNumber.value = similarityRange.value;
    setInvalid(similarityNumber, similarityError, false);
  });
  similarityRange.addEventListener('change', () => {
    const value = parseSimilarityPercent(similarityRange.value);
    if (value !== null) void save(() => ({ minSimilarity: value }));
  });
  similarityNumber.addEventListener('change', () => {
    const value = parseSimilarityPercent(similarityNumber.value);
    setInvalid(similarityNumber, similarityError, value === null);
    if (value === null) return;
    similarityRange.value = String(Math.round(value * 100));
    void save(() => ({ minSimilarity: value }));
  });
  const similarityField = el(
    'div',
    { class: 'field' },
    el('label', { for: rangeId }, t('optionsSimilarity')),
    el('div', { class: 'range-row' }, similarityRange, similarityNumber, el('span', { 'aria-hidden': 'true' }, '%')),
    el('p', { id: similarityHintId, class: 'hint' }, t('optionsSimilarityHint')),
    similarityError,
  );

  // --- Appearance: style and colour per kind of passage; rewritten ones can be switched off. ---
  const copiedAppearance = appearanceFieldset('copied', settings, save);
  const rewrittenAppearance = appearanceFieldset('rewritten', settings, save);
  const showRewrittenHintId = uniqueId('hint');
  const showRewritten = switchControl(t('optionsShowRewritten'), settings.showRewritten, (checked) => void save(() => ({ showRewritten: checked })));
  showRewritten.input.setAttribute('aria-describedby', showRewrittenHintId);
  rewrittenAppearance.root.insertBefore(
    el('div', { class: 'switch-field' }, showRewritten.root, el('p', { id: showRewrittenHintId, class: 'hint' }, t('optionsShowRewrittenHint'))),
    rewrittenAppearance.root.querySelector('legend')!.nextSibling,
  );

  // --- Never-run sites ---
  const sitesHeadingId = uniqueId('heading');
  const siteList = el('ul', { class: 'item-list', 'aria-labelledby': sitesHeadingId });
  const siteInputId = uniqueId('site');
  const siteErrorId = uniqueId('error');
  const siteInput = el('input', {
    type: 'text',
    id: siteInputId,
    name: 'site',
    placeholder: t('optionsSitePlaceholder'),
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': siteErrorId,
  });
  const siteError = el('p', { id: siteErrorId, class: 'field-error', hidden: true }, t('optionsSiteInvalid'));
  const siteForm = el(
    'form',
    { class: 'inline-form' },
    el('label', { for: siteInputId }, t('optionsSiteInput')),
    el('div', { class: 'input-row' }, siteInput, el('button', { type: 'submit' }, t('optionsSiteAdd'))),
    siteError,
  );
  siteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const hostname = normalizeHostname(siteInput.value);
    setInvalid(siteInput, siteError, hostname === null);
    if (!hostname) return;
    siteInput.value = '';
    void save((current) => withSiteEnabled(current, hostname, false));
  });
  const sitesHeading = el('h2', { id: sitesHeadingId, tabindex: -1 }, t('optionsSitesHeading'));

  // --- Not a match here ---
  const dismissalsHeadingId = uniqueId('heading');
  const dismissalsHeading = el('h2', { id: dismissalsHeadingId, tabindex: -1 }, t('optionsDismissalsHeading'));
  const dismissalList = el('ul', { class: 'item-list', 'aria-labelledby': dismissalsHeadingId });
  const titles = new Map<string, Promise<string | null>>();
  const titleOf = (docId: string): Promise<string | null> => {
    let title = titles.get(docId);
    if (!title) {
      title = sendMessage('getDocument', { docId })
        .then((doc) => doc?.title ?? null)
        .catch(() => null);
      titles.set(docId, title);
    }
    return title;
  };

  // --- Corpora ---
  const corpusFacts = el('dl', { class: 'facts' });
  const corpora = createCorporaSection(corpusFacts);
  const openSource = (request: SourceRequest): Promise<void> => openSourceViewer(request);

  root.replaceChildren(
    el('header', { class: 'options-header' }, el('h1', {}, t('optionsTitle')), saveStatus),
    section(t('optionsGeneralHeading'), globalSwitch.root),
    section(t('optionsMatchingHeading'), minWords.root, similarityField),
    section(t('optionsAppearanceHeading'), copiedAppearance.root, rewrittenAppearance.root),
    el('section', { 'aria-labelledby': sitesHeadingId }, sitesHeading, siteList, siteForm),
    el(
      'section',
      { 'aria-labelledby': dismissalsHeadingId },
      dismissalsHeading,
      el('p', { class: 'hint' }, t('optionsDismissalsHint')),
      dismissalList,
    ),
    section(t('optionsCorpusHeading'), corpora.root, createSearchBox({ openSource })),
  );

  // --- Filling in the current values ---
  const renderSettings = (): void => {
    globalSwitch.input.checked = settings.enabled;
    if (document.activeElement !== minWords.input) {
      minWords.input.value = String(settings.minWords);
      minWords.setInvalid(false);
    }
    if (document.activeElement !== similarityNumber && document.activeElement !== similarityRange) {
      const percent = similarityToPercent(settings.minSimilarity);
      similarityNumber.value = String(percent);
      similarityRange.value = String(Math.round(percent));
      setInvalid(similarityNumber, similarityError, false);
    }
    copiedAppearance.render(settings);
    rewrittenAppearance.render(settings);
    showRewritten.input.checked = settings.showRewritten;
    renderSites();
  };

  const renderSites = (): void => {
    const focusedIndex = focusedButtonIndex(siteList);
    if (settings.disabledSites.length === 0) {
      siteList.replaceChildren(el('li', { class: 'empty' }, t('optionsSitesEmpty')));
    } else {
      siteList.replaceChildren(
        ...settings.disabledSites.map((site) => {
          const remove = el('button', { type: 'button', class: 'secondary', 'aria-label': t('optionsSiteRemoveLabel', site) }, t('optionsSiteRemove'));
          remove.addEventListener('click', () => void save((current) => withSiteEnabled(current, site, true)));
          return el('li', {}, el('span', { class: 'item-text' }, site), remove);
        }),
      );
    }
    restoreFocus(siteList, focusedIndex, sitesHeading);
  };

  let dismissalRender = 0;
  const renderDismissals = async (): Promise<void> => {
    const ticket = ++dismissalRender;
    const focusedIndex = focusedButtonIndex(dismissalList);
    if (dismissals.length === 0) {
      dismissalList.replaceChildren(el('li', { class: 'empty' }, t('optionsDismissalsEmpty')));
      restoreFocus(dismissalList, focusedIndex, dismissalsHeading);
      return;
    }
    const resolved = await Promise.all(dismissals.map(async (d) => ({ dismissal: d, title: (await titleOf(d.docId)) ?? t('optionsDismissalUnknown', d.docId) })));
    if (ticket !== dismissalRender) return;
    dismissalList.replaceChildren(
      ...resolved.map(({ dismissal, title }) => {
        const undo = el(
          'button',
          { type: 'button', class: 'secondary', 'aria-label': t('optionsDismissalUndoLabel', [title, dismissal.site]) },
          t('optionsDismissalUndo'),
        );
        undo.addEventListener('click', () => void undoDismissal(dismissal));
        return el('li', {}, el('span', { class: 'item-text' }, t('optionsDismissalSource', [title, dismissal.site])), undo);
      }),
    );
    restoreFocus(dismissalList, focusedIndex, dismissalsHeading);
  };

  const undoDismissal = async (dismissal: Dismissal): Promise<void> => {
    const current = parseDismissals(await dismissalsItem.getValue());
    const at = current.findIndex((d) => d.site === dismissal.site && d.docId === dismissal.docId && d.passageHash === dismissal.passageHash);
    if (at === -1) return;
    current.splice(at, 1);
    await dismissalsItem.setValue(current);
    saveStatus.textContent = t('optionsSaved');
  };

  const renderCorpus = async (): Promise<void> => {
    let info: IndexInfo;
    try {
      info = await sendMessage('getIndexInfo', undefined);
    } catch {
      corpusFacts.replaceChildren(el('div', {}, el('dt', {}, t('optionsCorpusUnavailable'))));
      return;
    }
    const rows: Array<[string, string]> = [
      [t('optionsCorpusDocuments'), formatNumber(info.documentCount)],
      [t('optionsCorpusWords'), formatNumber(info.wordCount)],
      [t('optionsCorpusVersion'), info.corpusDigest],
      [t('optionsIndexFormat'), String(INDEX_FORMAT_VERSION)],
    ];
    corpusFacts.replaceChildren(...rows.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))));
  };

  settingsItem.watch((value) => {
    settings = parseSettings(value);
    renderSettings();
  });
  dismissalsItem.watch((value) => {
    dismissals = parseDismissals(value);
    void renderDismissals();
  });

  renderSettings();
  await Promise.all([renderDismissals(), renderCorpus(), corpora.refresh()]);
}

/**
 * The highlight settings of one kind of passage: a fieldset named for the kind
 * with the style radios, the colour and a live preview of both.
 */
function appearanceFieldset(
  kind: MatchKind,
  initial: Settings,
  save: (change: (current: Settings) => Partial<Settings>) => Promise<void>,
): { root: HTMLFieldSetElement; render(settings: Settings): void } {
  const styleKey = kind === 'copied' ? 'highlightStyle' : 'rewrittenHighlightStyle';
  const colorKey = kind === 'copied' ? 'highlightColor' : 'rewrittenHighlightColor';
  let settings = initial;
  const styleLabels: Record<(typeof HIGHLIGHT_STYLES)[number], MessageKey> = {
    background: 'optionsStyleBackground',
    underline: 'optionsStyleUnderline',
    wavy: 'optionsStyleWavy',
  };
  const styleName = uniqueId('style');
  const styleRadios = HIGHLIGHT_STYLES.map((style) => {
    const input = el('input', { type: 'radio', name: styleName, value: style });
    input.addEventListener('change', () => {
      if (input.checked) void save(() => ({ [styleKey]: style }));
      updatePreview();
    });
    return { style, input, label: el('label', { class: 'radio-row' }, input, el('span', {}, t(styleLabels[style]))) };
  });
  const colorId = uniqueId('color');
  const colorHintId = uniqueId('hint');
  const colorInput = el('input', { type: 'color', id: colorId, name: colorKey, 'aria-describedby': colorHintId });
  const preview = el('span', { class: 'preview-mark' }, t(kind === 'copied' ? 'optionsPreview' : 'optionsRewrittenPreview'));
  const updatePreview = (): void => {
    const color = /^#[0-9a-f]{6}$/i.test(colorInput.value) ? colorInput.value : settings[colorKey];
    preview.style.setProperty('--mark-color', color);
    preview.dataset.style = styleRadios.find((r) => r.input.checked)?.style ?? settings[styleKey];
  };
  colorInput.addEventListener('input', updatePreview);
  colorInput.addEventListener('change', () => {
    const color = colorInput.value.toLowerCase();
    if (/^#[0-9a-f]{6}$/.test(color)) void save(() => ({ [colorKey]: color }));
  });
  const styleGroupId = uniqueId('style-label');
  const root = el(
    'fieldset',
    { class: 'appearance', 'data-kind': kind },
    el('legend', {}, t(kind === 'copied' ? 'optionsCopiedLegend' : 'optionsRewrittenLegend')),
    el(
      'div',
      { class: 'style-choices', role: 'radiogroup', 'aria-labelledby': styleGroupId },
      el('p', { id: styleGroupId, class: 'field-label' }, t('optionsStyleLegend')),
      ...styleRadios.map((r) => r.label),
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: colorId }, t('optionsColor')),
      el('div', { class: 'input-row' }, colorInput, el('span', { class: 'preview', 'aria-hidden': 'true' }, preview)),
      el('p', { id: colorHintId, class: 'hint' }, t('optionsColorHint')),
    ),
  );
  return {
    root,
    render(next) {
      settings = next;
      for (const radio of styleRadios) radio.input.checked = radio.style === settings[styleKey];
      if (document.activeElement !== colorInput) colorInput.value = settings[colorKey].toLowerCase();
      updatePreview();
    },
  };
}

/** A section with an `<h2>` that names it. */
function section(title: string, ...children: Node[]): HTMLElement {
  const id = uniqueId('heading');
  return el('section', { 'aria-labelledby': id }, el('h2', { id }, title), ...children);
}

interface NumberFieldOptions {
  label: string;
  hint: string;
  error: string;
  attrs: Record<string, string | number>;
  parse(input: string): number | null;
  save(value: number): Promise<void>;
}

/** A labelled number input with hint and error text; saves on `change` when valid. */
function numberField(options: NumberFieldOptions): { root: HTMLElement; input: HTMLInputElement; setInvalid(invalid: boolean): void } {
  const inputId = uniqueId('field');
  const hintId = uniqueId('hint');
  const errorId = uniqueId('error');
  const input = el('input', { type: 'number', id: inputId, class: 'narrow', inputmode: 'numeric', 'aria-describedby': `${hintId} ${errorId}`, ...options.attrs });
  const error = el('p', { id: errorId, class: 'field-error', hidden: true }, options.error);
  input.addEventListener('change', () => {
    const value = options.parse(input.value);
    setInvalid(input, error, value === null);
    if (value !== null) void options.save(value);
  });
  const root = el(
    'div',
    { class: 'field' },
    el('label', { for: inputId }, options.label),
    input,
    el('p', { id: hintId, class: 'hint' }, options.hint),
    error,
  );
  return { root, input, setInvalid: (invalid) => setInvalid(input, error, invalid) };
}

function setInvalid(input: HTMLInputElement, error: HTMLElement, invalid: boolean): void {
  error.hidden = !invalid;
  if (invalid) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** Index of the focused button inside `list`, or -1. */
function focusedButtonIndex(list: HTMLElement): number {
  const active = document.activeElement;
  return active instanceof HTMLButtonElement && list.contains(active) ? [...list.querySelectorAll('button')].indexOf(active) : -1;
}

/** After a list re-render, keeps keyboard focus near where it was: the same row, the last row, or the heading. */
function restoreFocus(list: HTMLElement, index: number, fallback: HTMLElement): void {
  if (index === -1 || document.activeElement !== document.body) return;
  const buttons = [...list.querySelectorAll('button')];
  (buttons[Math.min(index, buttons.length - 1)] ?? fallback).focus();
}
