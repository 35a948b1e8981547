/**
 * The options page's corpora: the shipped corpus and every imported one, each
 * with a switch, Rename, Export and (imported only) Replace and Delete; and the
 * import form with its progress bar and its list of problems.
 *
 * Files are read, validated, indexed and stored by a worker (corpus-worker-client.ts),
 * never on this page's thread. After any change the background is told
 * (`corporaChanged`) so that pages are matched against the new set.
 */
import { fileStem, formatCorpusError } from '../../lib/corpus-parse';
import { MAX_CORPUS_NAME_CHARS, newCorpusId, sharedCorpusStore, type CorpusRecord } from '../../extension/corpus-store/corpus-db';
import { SHIPPED_CORPUS_ID } from '../../lib/corpus-ids';
import { shippedCorpusRef } from '../../extension/corpus-store/enabled-corpora';
import type { WorkPhase } from '../../extension/corpus-store/import-protocol';
import { IMPORT_ACCEPT, MAX_IMPORT_BYTES } from '../../extension/corpus-store/read-import';
import { t } from '../../extension/i18n';
import { isReadableSplitFormat } from '../../lib/split-index';
import { sendMessage } from '../../extension/messages';
import { el, formatDate, formatNumber, switchControl, uniqueId } from '../kit/dom';
import { downloadBlob } from '../kit/download';
import { isCorpusPrivate, parseSettings, parseShippedCorpus, settingsItem, shippedCorpusItem, type Settings, type ShippedCorpusPrefs } from '../../extension/storage';
import { CorpusWorkerJob, JobCancelledError, type WorkerProgress, type WorkerResult } from './corpus-worker-client';

/** The section's parts the options page places. */
export interface CorporaSection {
  root: HTMLElement;
  /** Reads the corpora again and redraws the list. */
  refresh(): Promise<void>;
}

/** One row of the list: the shipped corpus or an imported one. */
type CorpusRow = { kind: 'shipped'; prefs: ShippedCorpusPrefs } | { kind: 'imported'; record: CorpusRecord };

/** Where an import goes: a new corpus, or the data of an existing one. */
type ImportTarget = { kind: 'new' } | { kind: 'replace'; record: CorpusRecord };

const MEGABYTE = 1024 * 1024;

/**
 * Builds the section. `shippedFacts` (the shipped index's facts, filled in by
 * the options page) is shown in the shipped corpus's row.
 */
export function createCorporaSection(shippedFacts: HTMLElement): CorporaSection {
  const status = el('p', { class: 'status corpora-status', role: 'status', 'aria-live': 'polite' });
  const list = el('ul', { class: 'corpus-list', 'aria-label': t('corporaListLabel') });
  /** Row id → the row's open inline form ("rename" or "delete"), kept across redraws. */
  const openForms = new Map<string, 'rename' | 'delete'>();
  let job: CorpusWorkerJob | null = null;

  // --- Import form ---
  const nameId = uniqueId('corpus-name');
  const nameInput = el('input', {
    type: 'text',
    id: nameId,
    name: 'corpusName',
    maxlength: MAX_CORPUS_NAME_CHARS,
    placeholder: t('importNamePlaceholder'),
    autocomplete: 'off',
  });
  const filesId = uniqueId('corpus-files');
  const filesInput = el('input', { type: 'file', id: filesId, name: 'corpusFiles', multiple: true, accept: IMPORT_ACCEPT });
  // Replace… opens the file picker of this hidden input for the row's corpus.
  const replaceInput = el('input', { type: 'file', multiple: true, accept: IMPORT_ACCEPT, hidden: true, 'data-role': 'replace-files' });
  let replaceTarget: CorpusRecord | null = null;

  const progressLabelId = uniqueId('progress-label');
  const progressBar = el('progress', { 'aria-labelledby': progressLabelId });
  const progressLabel = el('span', { id: progressLabelId });
  const cancelButton = el('button', { type: 'button', class: 'secondary' }, t('importCancel'));
  const progressRow = el('div', { class: 'import-progress', hidden: true }, progressBar, progressLabel, cancelButton);

  const problems = el('div', { class: 'import-problems', hidden: true });

  const importBox = el(
    'div',
    { class: 'corpus-import' },
    el('h3', {}, t('importHeading')),
    el('p', { class: 'hint' }, t('importHint', Math.round(MAX_IMPORT_BYTES / MEGABYTE))),
    el('div', { class: 'field' }, el('label', { for: nameId }, t('importNameLabel')), nameInput),
    el('div', { class: 'field' }, el('label', { for: filesId }, t('importFilesLabel')), filesInput),
    progressRow,
    problems,
    replaceInput,
  );

  const root = el(
    'div',
    { class: 'corpora' },
    el('p', { class: 'hint' }, t('corporaHint')),
    list,
    status,
    importBox,
  );

  // --- Jobs ---
  const setBusy = (busy: boolean): void => {
    filesInput.disabled = busy;
    nameInput.disabled = busy;
    for (const button of list.querySelectorAll<HTMLButtonElement>('button[data-action="replace"], button[data-action="export"]')) {
      button.disabled = busy;
    }
  };

  const showProgress = (progress: Pick<WorkerProgress, 'phase' | 'done' | 'total'>): void => {
    progressRow.hidden = false;
    const counted = progress.phase === 'read' || progress.phase === 'index' || progress.phase === 'compress' || progress.phase === 'save';
    if (counted && progress.total > 0) {
      progressBar.max = progress.total;
      progressBar.value = progress.done;
    } else {
      // A step without countable parts: an indeterminate bar.
      progressBar.removeAttribute('value');
    }
    const done = formatNumber(progress.done);
    const total = formatNumber(progress.total);
    const labels: Record<WorkPhase, () => string> = {
      read: () => t('importReading', [done, total]),
      index: () => t('importIndexing', [done, total]),
      compress: () => t('importCompressing'),
      search: () => t('importSearch'),
      save: () => t('importSaving'),
      export: () => t('exportPreparing'),
    };
    progressLabel.textContent = labels[progress.phase]();
  };

  /** Runs `work` with a fresh worker; progress shown, errors turned into the status line. */
  const runJob = async (initial: WorkPhase, work: (worker: CorpusWorkerJob) => Promise<void>, failure: 'importFailed' | 'exportFailed'): Promise<void> => {
    if (job) return;
    const current = new CorpusWorkerJob(showProgress);
    job = current;
    setBusy(true);
    status.textContent = '';
    problems.hidden = true;
    showProgress({ phase: initial, done: 0, total: 0 });
    try {
      await work(current);
    } catch (error) {
      status.textContent = error instanceof JobCancelledError ? t('importCancelled') : t(failure, (error as Error).message);
    } finally {
      current.close();
      job = null;
      progressRow.hidden = true;
      setBusy(false);
    }
  };
  cancelButton.addEventListener('click', () => job?.cancel());

  const importFiles = (files: File[], target: ImportTarget): Promise<void> =>
    runJob(
      'read',
      async (worker) => {
        const checked = expectResult(await worker.request({ type: 'check', files }), 'checked');
        if (checked.errorCount > 0) {
          if (checked.documentCount === 0) {
            showProblems(checked.errors, checked.errorCount, null);
            status.textContent = t('importNothingValid');
            return;
          }
          progressRow.hidden = true;
          const proceed = await askToImportValidPart(checked.errors, checked.errorCount, checked.documentCount);
          if (!proceed) throw new JobCancelledError('cancelled');
          progressRow.hidden = false;
        } else {
          problems.hidden = true;
        }
        const name = target.kind === 'replace' ? target.record.name : defaultName(nameInput.value, files);
        // The page names where the import is staged: if the worker is stopped (cancel, a crash), the page deletes what it wrote.
        const stagingKey = newCorpusId();
        let answer: WorkerResult | null = null;
        try {
          answer = await worker.request({
            type: 'import',
            name,
            stagingKey,
            ...(target.kind === 'replace' ? { replaceId: target.record.id } : {}),
          });
        } finally {
          if (answer?.type !== 'imported') void discardStaged(stagingKey);
        }
        if (answer.type === 'failed' && answer.reason === 'quota') {
          status.textContent = t('importQuota');
          return;
        }
        const { record } = expectResult(answer, 'imported');
        nameInput.value = '';
        await corporaChanged();
        status.textContent =
          target.kind === 'replace'
            ? t('importReplaced', [record.name, articles(record.documentCount)])
            : t('importDone', [record.name, articles(record.documentCount)]);
      },
      'importFailed',
    ).finally(() => {
      filesInput.value = '';
      replaceInput.value = '';
    });

  /** Lists the problems and waits for "Import the valid part" (true) or "Cancel" (false). */
  const askToImportValidPart = (errors: WorkerErrors, errorCount: number, documentCount: number): Promise<boolean> =>
    new Promise((resolve) => {
      const importValid = el('button', { type: 'button', 'data-action': 'import-valid' }, t('importValidPart', articles(documentCount)));
      const cancel = el('button', { type: 'button', class: 'secondary', 'data-action': 'import-cancel' }, t('importCancel'));
      const finish = (proceed: boolean): void => {
        problems.hidden = true;
        problems.replaceChildren();
        resolve(proceed);
      };
      importValid.addEventListener('click', () => finish(true));
      cancel.addEventListener('click', () => finish(false));
      showProblems(errors, errorCount, el('div', { class: 'button-row' }, importValid, cancel));
      importValid.focus();
    });

  const showProblems = (errors: WorkerErrors, errorCount: number, actions: HTMLElement | null): void => {
    const headingId = uniqueId('problems');
    const items = errors.map((error) => el('li', {}, formatCorpusError(error)));
    if (errorCount > errors.length) items.push(el('li', { class: 'more' }, t('importProblemsMore', formatNumber(errorCount - errors.length))));
    problems.replaceChildren(
      el('p', { id: headingId, class: 'problems-heading' }, errorCount === 1 ? t('importProblemsOne') : t('importProblemsOther', formatNumber(errorCount))),
      el('ul', { class: 'problem-list', 'aria-labelledby': headingId }, ...items),
      ...(actions ? [actions] : []),
    );
    problems.hidden = false;
  };

  filesInput.addEventListener('change', () => {
    const files = [...(filesInput.files ?? [])];
    if (files.length > 0) void importFiles(files, { kind: 'new' });
  });
  replaceInput.addEventListener('change', () => {
    const files = [...(replaceInput.files ?? [])];
    const record = replaceTarget;
    replaceTarget = null;
    if (files.length > 0 && record) void importFiles(files, { kind: 'replace', record });
  });

  const exportCorpus = (id: string, name: string): Promise<void> =>
    runJob(
      'export',
      async (worker) => {
        const { blob } = expectResult(await worker.request({ type: 'export', corpusId: id }), 'exported');
        const fileName = `${fileNameFor(name)}.jsonl`;
        downloadBlob(blob, fileName);
        status.textContent = t('exportDone', fileName);
      },
      'exportFailed',
    );

  // --- Changes to a corpus ---
  const corporaChanged = async (): Promise<void> => {
    // The background rebuilds its matcher on the next page; a failure here only delays that to its restart.
    await sendMessage('corporaChanged', undefined).catch(() => undefined);
    await refresh();
  };

  const change = async (action: () => Promise<unknown>, done: string): Promise<void> => {
    let message = done;
    try {
      await action();
    } catch (error) {
      message = t('corpusActionFailed', (error as Error).message);
    }
    await corporaChanged();
    // Only now: once the user reads "Saved.", a page loaded next is matched against the new set.
    status.textContent = message;
  };

  const setEnabled = (row: CorpusRow, enabled: boolean): Promise<void> =>
    change(async () => {
      if (row.kind === 'shipped') await shippedCorpusItem.setValue({ ...row.prefs, enabled });
      else await (await sharedCorpusStore()).update(row.record.id, { enabled });
    }, t('optionsSaved'));

  const rename = (row: CorpusRow, name: string): Promise<void> =>
    change(async () => {
      if (row.kind === 'shipped') await shippedCorpusItem.setValue({ ...row.prefs, name });
      else await (await sharedCorpusStore()).update(row.record.id, { name });
    }, t('corpusRenamed', name));

  const remove = (record: CorpusRecord): Promise<void> =>
    change(async () => (await sharedCorpusStore()).delete(record.id), t('corpusDeleted', record.name));

  /**
   * The private mark lives in the settings, keyed by corpus id (not in the corpus
   * record): pages already open repaint through their settings watcher.
   */
  const setPrivate = async (id: string, isPrivate: boolean): Promise<void> => {
    try {
      const settings = parseSettings(await settingsItem.getValue());
      await settingsItem.setValue({ ...settings, corpusPrivacy: { ...settings.corpusPrivacy, [id]: isPrivate } });
      status.textContent = t('optionsSaved');
    } catch (error) {
      status.textContent = t('corpusActionFailed', (error as Error).message);
    }
  };

  // --- The list ---
  const renderRow = (row: CorpusRow, settings: Settings): HTMLLIElement => {
    const id = row.kind === 'shipped' ? SHIPPED_CORPUS_ID : row.record.id;
    const name = row.kind === 'shipped' ? shippedCorpusRef(row.prefs).name : row.record.name;
    const enabled = row.kind === 'shipped' ? row.prefs.enabled : row.record.enabled;
    const toggle = switchControl(name, enabled, (checked) => void setEnabled(row, checked));
    toggle.input.dataset.action = 'toggle';
    const head = el('div', { class: 'corpus-head' }, toggle.root);
    if (row.kind === 'shipped') head.append(el('span', { class: 'corpus-kind' }, t('corpusBuiltIn')));
    const privacy = switchControl(t('corpusPrivate'), isCorpusPrivate(settings, id), (checked) => void setPrivate(id, checked));
    privacy.input.dataset.action = 'private';
    privacy.root.title = t('corpusPrivateHint');
    const item = el('li', { class: 'corpus', 'data-corpus-id': id }, head, el('div', { class: 'corpus-privacy' }, privacy.root));
    if (row.kind === 'shipped') {
      item.append(shippedFacts);
    } else {
      const { record } = row;
      item.append(
        el(
          'p',
          { class: 'hint corpus-summary' },
          t('corpusSummary', [articles(record.documentCount), formatNumber(record.wordCount), formatDate(record.importedAt)]),
        ),
        el('p', { class: 'hint corpus-sources' }, t('corpusSources', record.sources.join(', '))),
      );
      // The background skips an index it cannot decode; say why and what to do.
      if (!isReadableSplitFormat(record.indexFormatVersion)) {
        item.append(el('p', { class: 'corpus-reimport', role: 'note' }, t('corpusNeedsReimport')));
      }
    }

    const button = (action: string, label: string, ariaLabel: string, onClick: () => void): HTMLButtonElement => {
      const b = el('button', { type: 'button', class: 'secondary', 'data-action': action, 'aria-label': ariaLabel }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const toggleForm = (form: 'rename' | 'delete'): void => {
      if (openForms.get(id) === form) openForms.delete(id);
      else openForms.set(id, form);
      void refresh().then(() => focusIn(form === 'rename' ? 'input' : 'button[data-action="confirm-delete"]'));
    };
    const focusIn = (selector: string): void => list.querySelector<HTMLElement>(`li[data-corpus-id="${id}"] ${selector}`)?.focus();
    const actions = el(
      'div',
      { class: 'button-row' },
      button('rename', t('corpusRename'), t('corpusRenameLabel', name), () => toggleForm('rename')),
      row.kind === 'imported'
        ? button('replace', t('corpusReplace'), t('corpusReplaceLabel', name), () => {
            replaceTarget = row.record;
            replaceInput.click();
          })
        : null,
      button('export', t('corpusExport'), t('corpusExportLabel', name), () => void exportCorpus(id, name)),
      row.kind === 'imported' ? button('delete', t('corpusDelete'), t('corpusDeleteLabel', name), () => toggleForm('delete')) : null,
    );
    item.append(actions);

    const open = openForms.get(id);
    if (open === 'rename') item.append(renameForm(name, (newName) => {
      openForms.delete(id);
      void rename(row, newName).then(() => focusIn('button[data-action="rename"]'));
    }, () => toggleForm('rename')));
    if (open === 'delete' && row.kind === 'imported') {
      const confirm = el('button', { type: 'button', 'data-action': 'confirm-delete' }, t('corpusDeleteYes'));
      const keep = el('button', { type: 'button', class: 'secondary', 'data-action': 'keep' }, t('corpusDeleteNo'));
      confirm.addEventListener('click', () => {
        openForms.delete(id);
        void remove(row.record);
      });
      keep.addEventListener('click', () => toggleForm('delete'));
      item.append(
        el(
          'div',
          { class: 'corpus-confirm', role: 'group', 'aria-label': t('corpusDeleteLabel', name) },
          el('p', {}, t('corpusDeleteConfirm', [name, articles(row.record.documentCount)])),
          el('div', { class: 'button-row' }, confirm, keep),
        ),
      );
    }
    return item;
  };

  let renderTicket = 0;
  const refresh = async (): Promise<void> => {
    const ticket = ++renderTicket;
    const prefs = parseShippedCorpus(await shippedCorpusItem.getValue());
    const settings = parseSettings(await settingsItem.getValue());
    let records: CorpusRecord[] = [];
    try {
      records = await (await sharedCorpusStore()).list();
    } catch (error) {
      status.textContent = t('corpusActionFailed', (error as Error).message);
    }
    if (ticket !== renderTicket) return;
    const focus = focusedControl(list);
    list.replaceChildren(
      renderRow({ kind: 'shipped', prefs }, settings),
      ...records.map((record): HTMLLIElement => renderRow({ kind: 'imported', record }, settings)),
    );
    if (focus) list.querySelector<HTMLElement>(`li[data-corpus-id="${focus.row}"] [data-action="${focus.action}"]`)?.focus();
    setBusy(job !== null);
  };

  return { root, refresh };
}

type WorkerErrors = Extract<WorkerResult, { type: 'checked' }>['errors'];

/** Deletes what an import that did not finish staged; a failure only leaves it for the next import's clean-up (corpus-db.ts). */
async function discardStaged(stagingKey: string): Promise<void> {
  try {
    await (await sharedCorpusStore()).discardStaged(stagingKey);
  } catch (error) {
    console.warn('[Sourcelight] an unfinished import could not be cleaned up', error);
  }
}

/** The answer if it is of the expected type; otherwise throws what the worker said went wrong. */
function expectResult<T extends WorkerResult['type']>(answer: WorkerResult, type: T): Extract<WorkerResult, { type: T }> {
  if (answer.type === type) return answer as Extract<WorkerResult, { type: T }>;
  throw new Error(answer.type === 'failed' ? answer.message : `unexpected answer "${answer.type}"`);
}

/** "1 article", "1,234 articles". */
function articles(count: number): string {
  return count === 1 ? t('corpusArticlesOne') : t('corpusArticlesOther', formatNumber(count));
}

/** The name typed, else the first file's name without its extension. */
function defaultName(typed: string, files: readonly File[]): string {
  const name = typed.trim() || fileStem(files[0]?.name ?? '').trim() || t('importDefaultName');
  return name.slice(0, MAX_CORPUS_NAME_CHARS);
}

/** The inline rename form: a labelled text field, Save and Cancel; Escape cancels. */
function renameForm(current: string, onSave: (name: string) => void, onCancel: () => void): HTMLFormElement {
  const inputId = uniqueId('rename');
  const errorId = uniqueId('error');
  const input = el('input', { type: 'text', id: inputId, value: current, maxlength: MAX_CORPUS_NAME_CHARS, 'aria-describedby': errorId });
  const error = el('p', { id: errorId, class: 'field-error', hidden: true }, t('corpusNameInvalid'));
  const cancel = el('button', { type: 'button', class: 'secondary' }, t('corpusNameCancel'));
  cancel.addEventListener('click', onCancel);
  const form = el(
    'form',
    { class: 'inline-form' },
    el('label', { for: inputId }, t('corpusNameLabel', current)),
    el('div', { class: 'input-row' }, input, el('button', { type: 'submit' }, t('corpusNameSave')), cancel),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input.value.trim();
    const valid = name.length > 0 && name.length <= MAX_CORPUS_NAME_CHARS;
    error.hidden = valid;
    if (valid) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
    if (valid) onSave(name);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') onCancel();
  });
  return form;
}

/** The focused control of the list as (row id, data-action), to focus its successor after a redraw. */
function focusedControl(list: HTMLElement): { row: string; action: string } | null {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !list.contains(active)) return null;
  const row = active.closest<HTMLElement>('li[data-corpus-id]')?.dataset.corpusId;
  const action = active.dataset.action;
  return row && action ? { row, action } : null;
}

/** A file name from a corpus name: letters, digits and dashes. */
function fileNameFor(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'corpus'
  );
}
