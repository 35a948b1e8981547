/**
 * User-visible strings of the extension pages (popup, options, source viewer),
 * the hover card and the manifest.
 *
 * `t(key, substitutions)` asks `browser.i18n.getMessage` (the browser picks the
 * user's locale from `_locales/<locale>/messages.json`) and falls back to the
 * English text below when the browser has no message for the key (no locale
 * files yet, a key missing from a translation, or outside an extension).
 *
 * `MESSAGES` is the English source; `public/_locales/en/messages.json` is its
 * serialization (`toLocaleFile(MESSAGES)`). After changing a message, regenerate it:
 *
 *   npx tsx -e "import {MESSAGES,toLocaleFile} from './extension/i18n'; import {writeFileSync} from 'node:fs'; writeFileSync('public/_locales/en/messages.json', JSON.stringify(toLocaleFile(MESSAGES), null, 2) + '\n')"
 *
 * (extension/i18n.test.ts checks that the two agree.) Translations live in
 * `public/_locales/<locale>/messages.json`, written by hand; the same test
 * checks that each has every English key with the same placeholders.
 *
 * The hover card, in every page's content script, does not import `t` (it would
 * bring this English table into the page): it asks `browser.i18n` directly for
 * the same keys through `cardText` in page/card-sentence-pairs.ts, with a
 * type-only import of `MessageKey`.
 */
import { browser } from 'wxt/browser';

/** One message: its English text and, for `$NAME$` placeholders, which substitution (`$1`…`$9`) fills each. */
export interface MessageSource {
  message: string;
  description?: string;
  placeholders?: Record<string, string>;
}

const ph = (...names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((name, i) => [name, `$${i + 1}`]));

export const MESSAGES = {
  // --- Shared ---
  appName: { message: 'Sourcelight', description: 'Product name.' },
  htmlLang: {
    message: 'en',
    description: 'Language tag (BCP 47) of this translation: the pages declare it so screen readers pronounce them right.',
  },
  toggleEverywhere: { message: 'On everywhere', description: 'Switch: the extension runs on every site.' },
  toggleSite: { message: 'On for $HOST$', description: 'Switch: the extension runs on this site.', placeholders: ph('host') },
  settingsLink: { message: 'Settings', description: 'Link from the popup to the options page.' },

  // --- Popup: page state ---
  popupLoading: { message: 'Reading this page…' },
  popupUnreachable: { message: 'Sourcelight can’t check this page.' },
  popupUnreachableHint: {
    message:
      'Browser pages, extension stores and tabs opened before Sourcelight was installed or updated can’t be checked. Reload the page to try again.',
  },
  popupRetry: { message: 'Try again' },
  popupOffEverywhere: { message: 'Sourcelight is off everywhere. Turn it on to see reused passages.' },
  popupOffSite: { message: 'Sourcelight is off for $HOST$.', placeholders: ph('host') },
  popupNoPassages: { message: 'No passages from the corpus were found on this page.' },
  summaryPassagesOne: { message: '1 passage' },
  summaryPassagesOther: { message: '$COUNT$ passages', placeholders: ph('count') },
  summaryArticlesOne: { message: '1 corpus article' },
  summaryArticlesOther: { message: '$COUNT$ corpus articles', placeholders: ph('count') },
  popupSummary: {
    message: '$PASSAGES$ from $ARTICLES$ · $PERCENT$% of this page’s text reused',
    description: 'Summary line, e.g. "8 passages from 5 corpus articles · 23% of this page’s text reused".',
    placeholders: ph('passages', 'articles', 'percent'),
  },
  popupSourcesHeading: { message: 'Sources' },
  groupBestSimilarity: { message: 'Best match $PERCENT$%', placeholders: ph('percent') },
  groupCoverage: { message: '$PERCENT$% of the article reused here', placeholders: ph('percent') },
  groupOpenViewer: { message: 'Open in viewer' },
  groupCorpus: { message: 'Corpus: $NAME$', placeholders: ph('name'), description: 'Names the corpus a source article belongs to, after its outlet and date.' },
  groupPrivateTag: { message: 'Private', description: 'Tag on a source article from a corpus the reader marked private.' },
  groupPrivateHint: {
    message: 'From a corpus you marked private: the page cannot read these matches.',
    description: 'Tooltip of the Private tag in the popup.',
  },
  groupOpenViewerLabel: { message: 'Open “$TITLE$” in the source viewer', placeholders: ph('title') },
  passageSimilarity: { message: '$PERCENT$% similar', placeholders: ph('percent') },
  passageShowHint: { message: 'Show this passage on the page' },
  popupKindCounts: {
    message: '$COPIED$ copied · $REWRITTEN$ rewritten',
    description: 'Passages of the page by how they were reused, e.g. "3 copied · 2 rewritten".',
    placeholders: ph('copied', 'rewritten'),
  },
  passageTagRewritten: {
    message: 'Rewritten',
    description: 'Tag on a passage that was reworded, reordered or condensed from its source (not copied).',
  },
  passageSharedWords: {
    message: '$SHARED$ of $TOTAL$ content words shared',
    description: 'How close a rewritten passage is to its source: its distinct content words (not "the", "of"…) that also occur in the source.',
    placeholders: ph('shared', 'total'),
  },

  // --- Popup: export ---
  exportHeading: { message: 'Export' },
  exportJson: { message: 'JSON' },
  exportCsv: { message: 'CSV' },
  exportMarkdown: { message: 'Markdown' },
  exportLabel: { message: 'Download the passages as $FORMAT$', placeholders: ph('format') },
  exportDone: { message: 'Saved $FILE$.', placeholders: ph('file') },

  // --- Corpus search ---
  searchHeading: { message: 'Search the corpus' },
  searchLabel: { message: 'Words to find in the corpus' },
  searchPlaceholder: { message: 'e.g. Camp Ashraf' },
  searchLoading: { message: 'Loading the corpus…' },
  searchNoResults: { message: 'No passages match “$QUERY$”.', placeholders: ph('query') },
  searchResultsOne: { message: '1 passage found.' },
  searchResultsOther: { message: '$COUNT$ passages found.', placeholders: ph('count') },
  searchUnavailable: { message: 'The corpus search is unavailable.' },

  // --- Options ---
  optionsTitle: { message: 'Sourcelight settings' },
  optionsGeneralHeading: { message: 'General' },
  optionsMatchingHeading: { message: 'Matching' },
  optionsMinWords: { message: 'Minimum match length (words)' },
  optionsMinWordsHint: { message: 'Shorter passages are not highlighted. From 4 to 200 words.' },
  optionsMinWordsError: { message: 'Enter a whole number from 4 to 200.' },
  optionsSimilarity: { message: 'Similarity threshold' },
  optionsSimilarityNumber: { message: 'Similarity threshold in percent' },
  optionsSimilarityHint: { message: 'How closely a passage must follow its source, from 0% to 100%.' },
  optionsSimilarityError: { message: 'Enter a number from 0 to 100.' },
  optionsAppearanceHeading: { message: 'Highlights' },
  optionsStyleLegend: { message: 'Highlight style' },
  optionsStyleBackground: { message: 'Background' },
  optionsStyleUnderline: { message: 'Underline' },
  optionsStyleWavy: { message: 'Wavy underline' },
  optionsCopiedLegend: { message: 'Copied passages', description: 'Options group: how passages copied verbatim or lightly edited are highlighted.' },
  optionsRewrittenLegend: { message: 'Rewritten passages', description: 'Options group: passages reworded, reordered or condensed from a source.' },
  optionsShowRewritten: { message: 'Show rewritten passages' },
  optionsShowRewrittenHint: {
    message: 'Passages reworded, reordered or condensed from a source. When off, they are not highlighted, counted or listed.',
  },
  optionsRewrittenPreview: { message: 'A rewritten passage looks like this.' },
  optionsColor: { message: 'Highlight colour' },
  optionsPreview: { message: 'A reused passage looks like this.' },
  optionsColorHint: { message: 'Dark pages get a stronger shade of the same colour.' },
  optionsSitesHeading: { message: 'Sites where Sourcelight never runs' },
  optionsSitesEmpty: { message: 'None: Sourcelight runs on every site.' },
  optionsSiteInput: { message: 'Site to add (hostname)' },
  optionsSitePlaceholder: { message: 'example.com' },
  optionsSiteAdd: { message: 'Add site' },
  optionsSiteInvalid: { message: 'Enter a hostname such as example.com.' },
  optionsSiteRemove: { message: 'Remove' },
  optionsSiteRemoveLabel: { message: 'Remove $HOST$', placeholders: ph('host') },
  optionsDismissalsHeading: { message: '“Not a match here”' },
  optionsDismissalsHint: { message: 'Passages you marked as not a match on a site. Remove one to show it again.' },
  optionsDismissalsEmpty: { message: 'None.' },
  optionsDismissalSource: { message: '$TITLE$ on $HOST$', placeholders: ph('title', 'host') },
  optionsDismissalUnknown: { message: 'Article $ID$', placeholders: ph('id') },
  optionsDismissalUndo: { message: 'Remove' },
  optionsDismissalUndoLabel: { message: 'Show again: $TITLE$ on $HOST$', placeholders: ph('title', 'host') },
  optionsCorpusHeading: { message: 'Corpora' },
  optionsCorpusDocuments: { message: 'Articles' },
  optionsCorpusWords: { message: 'Words' },
  optionsCorpusVersion: { message: 'Corpus version' },
  optionsIndexFormat: { message: 'Index format version' },
  optionsCorpusUnavailable: { message: 'Corpus information is unavailable.' },
  corpusShippedName: { message: 'Built-in news corpus', description: 'Default name of the corpus that ships with the extension.' },
  corporaHint: {
    message: 'Pages are matched against every corpus that is switched on. Imported corpora are kept in this browser’s storage for Sourcelight; nothing is uploaded.',
  },
  corporaListLabel: { message: 'Corpora' },
  corpusBuiltIn: { message: 'Built in' },
  corpusPrivate: { message: 'Private: pages cannot read its matches', description: 'Switch in a corpus row of the options page.' },
  corpusPrivateHint: {
    message: 'Matches are painted where the page cannot see them and explained in the toolbar popup, not in a card on the page.',
    description: 'Tooltip of the private switch.',
  },
  corpusArticlesOne: { message: '1 article' },
  corpusArticlesOther: { message: '$COUNT$ articles', placeholders: ph('count') },
  corpusSummary: {
    message: '$ARTICLES$ · $WORDS$ words · imported $DATE$',
    description: 'E.g. "1,234 articles · 567,890 words · imported 3 May 2024".',
    placeholders: ph('articles', 'words', 'date'),
  },
  corpusNeedsReimport: {
    message: 'Stored by an older version of Sourcelight in a layout this version cannot read, so pages are not matched against it. Use Replace… to import its files again.',
    description: 'Shown under an imported corpus whose stored index has an older format version.',
  },
  corpusSources: { message: 'From $FILES$', description: 'The file names an imported corpus was read from.', placeholders: ph('files') },
  corpusRename: { message: 'Rename' },
  corpusRenameLabel: { message: 'Rename $NAME$', placeholders: ph('name') },
  corpusReplace: { message: 'Replace…' },
  corpusReplaceLabel: { message: 'Replace the articles of $NAME$', placeholders: ph('name') },
  corpusExport: { message: 'Export' },
  corpusExportLabel: { message: 'Export $NAME$ as JSONL', placeholders: ph('name') },
  corpusDelete: { message: 'Delete' },
  corpusDeleteLabel: { message: 'Delete $NAME$', placeholders: ph('name') },
  corpusDeleteConfirm: {
    message: 'Delete “$NAME$” ($ARTICLES$) from this browser? This cannot be undone.',
    placeholders: ph('name', 'articles'),
  },
  corpusDeleteYes: { message: 'Delete corpus' },
  corpusDeleteNo: { message: 'Keep' },
  corpusNameLabel: { message: 'New name for $NAME$', placeholders: ph('name') },
  corpusNameSave: { message: 'Save name' },
  corpusNameCancel: { message: 'Cancel' },
  corpusNameInvalid: { message: 'Enter a name of 1 to 100 characters.' },
  corpusRenamed: { message: 'Renamed to “$NAME$”.', placeholders: ph('name') },
  corpusDeleted: { message: 'Deleted “$NAME$”.', placeholders: ph('name') },
  corpusActionFailed: { message: 'Could not change the corpora: $REASON$', placeholders: ph('reason') },
  importHeading: { message: 'Import a corpus' },
  importHint: {
    message:
      'A JSONL file with one {"id", "title", "text"} object per line ("url", "outlet", "published" and "lang" optional), .txt or .md articles with optional YAML front matter, or a .zip of them; up to $LIMIT$ MB in all.',
    placeholders: ph('limit'),
  },
  importNameLabel: { message: 'Name of the new corpus' },
  importNamePlaceholder: { message: 'e.g. My press releases (default: the file name)' },
  importDefaultName: { message: 'Imported corpus' },
  importFilesLabel: { message: 'Files to import (.jsonl, .txt, .md or .zip)' },
  importReading: { message: 'Reading files: $DONE$ of $TOTAL$…', placeholders: ph('done', 'total') },
  importIndexing: { message: 'Indexing articles: $DONE$ of $TOTAL$…', placeholders: ph('done', 'total') },
  importCompressing: { message: 'Compressing the article texts…', description: 'Import step after indexing; the progress bar counts the texts compressed.' },
  importSearch: { message: 'Preparing the corpus search…' },
  importSaving: { message: 'Saving the corpus…' },
  exportPreparing: { message: 'Preparing the download…' },
  importCancel: { message: 'Cancel' },
  importCancelled: { message: 'Cancelled; no corpus was changed.' },
  importProblemsOne: { message: '1 problem in the files:' },
  importProblemsOther: { message: '$COUNT$ problems in the files:', placeholders: ph('count') },
  importProblemsMore: { message: '…and $COUNT$ more.', placeholders: ph('count') },
  importValidPart: { message: 'Import the valid part ($ARTICLES$)', placeholders: ph('articles') },
  importNothingValid: { message: 'No valid articles in these files; nothing was imported.' },
  importDone: { message: 'Imported “$NAME$”: $ARTICLES$.', placeholders: ph('name', 'articles') },
  importReplaced: { message: 'Replaced the articles of “$NAME$”: now $ARTICLES$.', placeholders: ph('name', 'articles') },
  importQuota: {
    message:
      'Not enough storage space: the browser refused to store this corpus. Delete a corpus you no longer need or free some disk space, then try again. No corpus was changed.',
  },
  importFailed: { message: 'The import failed: $REASON$', placeholders: ph('reason') },
  exportFailed: { message: 'The export failed: $REASON$', placeholders: ph('reason') },
  optionsSaved: { message: 'Saved.' },
  optionsSaveFailed: { message: 'Could not save the settings.' },

  // --- Shared by the popup, the source viewer and the hover card ---
  quotedPassage: { message: '“$TEXT$”', description: 'A passage of the page quoted in the popup.', placeholders: ph('text') },
  sourceCorpus: { message: 'Corpus: $NAME$', description: 'Which corpus a source article is from.', placeholders: ph('name') },

  // --- Source viewer ---
  viewerLoading: { message: 'Loading source…' },
  viewerLoadingTitle: { message: 'Source — Sourcelight', description: 'Browser tab title of the source viewer while it loads.' },
  viewerBadRequest: { message: 'This link does not name a source passage.' },
  viewerNoDocument: {
    message: 'No enabled corpus has the article “$ID$”.',
    description: 'The article is in a corpus that was switched off or deleted.',
    placeholders: ph('id'),
  },
  viewerDocumentTitle: { message: '$TITLE$ — Sourcelight', description: 'Browser tab title of the source viewer.', placeholders: ph('title') },
  viewerEyebrow: { message: 'Corpus article', description: 'Small heading above the article title.' },
  viewerArticleId: { message: 'id $ID$', description: 'The article’s identifier in its corpus.', placeholders: ph('id') },
  viewerReusedOn: {
    message: 'Passages reused on $PAGE$',
    description: 'Followed by a link to the page that reused the passages; $PAGE$ is that link.',
    placeholders: ph('page'),
  },
  viewerArticleLabel: { message: 'Article text' },
  viewerPassagesLabel: { message: 'Passages reused by the page' },
  viewerPassagesOne: { message: '1 passage reused by the page' },
  viewerPassagesOther: { message: '$COUNT$ passages reused by the page', placeholders: ph('count') },

  // --- Hover card ---
  cardLabel: { message: 'Source of this passage' },
  cardFoundInOne: { message: 'Found in corpus article' },
  cardFoundInOther: { message: 'Found in $COUNT$ corpus articles', placeholders: ph('count') },
  cardVerbatim: { message: 'copied verbatim' },
  cardWordsOne: { message: '1 word' },
  cardWordsOther: { message: '$COUNT$ words', placeholders: ph('count') },
  cardChanges: {
    message: '$REMOVED$ changed or dropped, $ADDED$ added',
    description: 'E.g. "3 words changed or dropped, 2 added".',
    placeholders: ph('removed', 'added'),
  },
  cardLegend: { message: 'Struck words are in the source only; underlined words were added on this page.' },
  cardSourcesLabel: { message: 'All sources of this passage' },
  cardOtherSourcesOne: {
    message: '1 more corpus article shares phrases with this passage; it was not compared (the closest sources are shown).',
    description: 'Hover card: the matcher compares a passage with a limited number of candidate articles (lib/source-cap.ts).',
  },
  cardOtherSourcesOther: {
    message: '$COUNT$ more corpus articles share phrases with this passage; they were not compared (the closest sources are shown).',
    placeholders: ph('count'),
  },
  cardSourceShare: {
    message: '$PERCENT$% similar over $WORDS$',
    description: 'E.g. "92% similar over 24 words".',
    placeholders: ph('percent', 'words'),
  },
  cardOpenSource: { message: 'Open source' },
  cardCopyCitation: { message: 'Copy citation' },
  cardCitationCopied: { message: 'Citation copied' },
  cardCopyFailed: { message: 'Copy failed' },
  cardDismiss: { message: 'Not a match here' },

  // --- Manifest ---
  extensionDescription: {
    message: 'Highlights passages reused from a corpus of news articles, with their source. Runs entirely on your device.',
    description: 'Short description in the browser’s extension list and the stores (at most 132 characters).',
  },
  commandNextPassage: { message: 'Go to the next reused passage', description: 'Keyboard shortcut description.' },
  commandPreviousPassage: { message: 'Go to the previous reused passage', description: 'Keyboard shortcut description.' },

  // --- Toolbar button ---
  badgeTitle: {
    message: 'Sourcelight · passages on this page: $COPIED$ copied, $REWRITTEN$ rewritten',
    description: 'Tooltip of the toolbar button when the page has reused passages.',
    placeholders: ph('copied', 'rewritten'),
  },

  // --- Hover card: copied or rewritten ---
  cardKindCopied: { message: 'Copied', description: 'Label of a passage copied verbatim or lightly edited from its source.' },
  cardKindRewritten: { message: 'Rewritten', description: 'Label of a passage reworded, reordered or condensed from its source.' },
  cardSharedWords: {
    message: 'Shares $SHARED$ of $TOTAL$ content words with the source',
    description: 'Similarity of a rewritten passage: its distinct content words (not "the", "of"…) that also occur in the source passage.',
    placeholders: ph('shared', 'total'),
  },
  cardPairsLabel: { message: 'Sentences on this page beside the source sentences they were rewritten from' },
  cardPairsPage: { message: 'On this page' },
  cardPairsSource: { message: 'In the source' },
  cardPairsNoSource: { message: 'No similar sentence in the source' },
  cardPairsLegend: { message: 'Bold words appear on both sides.' },
} satisfies Record<string, MessageSource>;

/** A message name. */
export type MessageKey = keyof typeof MESSAGES;

/** Chrome and Firefox take at most nine substitutions. */
const MAX_SUBSTITUTIONS = 9;

/**
 * The message `key` in the user's language, `$1`…`$9` (through the message's
 * placeholders) replaced by `substitutions`.
 */
export function t(key: MessageKey, substitutions?: string | number | ReadonlyArray<string | number>): string {
  const subs = toSubstitutions(substitutions);
  const localized = getBrowserMessage(key, subs);
  return localized || formatMessage(MESSAGES[key], subs);
}

/** Declares the language the page's messages are in (`<html lang>`), which is the translation the browser picked. */
export function applyMessageLanguage(doc: Document): void {
  doc.documentElement.lang = t('htmlLang');
}

/** Formats a message like `browser.i18n.getMessage` does: placeholders, then `$n` and `$$`. */
export function formatMessage(source: MessageSource, substitutions: readonly string[] = []): string {
  const placeholders = source.placeholders ?? {};
  const lookup = new Map(Object.entries(placeholders).map(([name, content]) => [name.toLowerCase(), content]));
  const expanded = source.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => lookup.get(name.toLowerCase()) ?? whole);
  return expanded.replace(/\$(\$|[1-9])/g, (_whole, what: string) => (what === '$' ? '$' : (substitutions[Number(what) - 1] ?? '')));
}

/** The `messages.json` form of `messages`: placeholders as `{ name: { content } }`. */
export function toLocaleFile(messages: Record<string, MessageSource>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(messages).map(([key, source]) => [
      key,
      {
        message: source.message,
        ...(source.description ? { description: source.description } : {}),
        ...(source.placeholders
          ? {
              placeholders: Object.fromEntries(
                Object.entries(source.placeholders).map(([name, content]) => [name, { content }]),
              ),
            }
          : {}),
      },
    ]),
  );
}

function toSubstitutions(value: string | number | ReadonlyArray<string | number> | undefined): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' || typeof value === 'number' ? [value] : [...value];
  return list.slice(0, MAX_SUBSTITUTIONS).map(String);
}

function getBrowserMessage(key: string, substitutions: string[]): string {
  try {
    const i18n = (browser as { i18n?: { getMessage?: (name: string, subs?: string[]) => string } } | undefined)?.i18n;
    return i18n?.getMessage?.(key, substitutions.length > 0 ? substitutions : undefined) ?? '';
  } catch {
    // Outside an extension, or an API that rejects the call: use the English text.
    return '';
  }
}
