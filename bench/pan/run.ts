/**
 * PAN text-alignment benchmark (`npm run bench:pan`; not part of the tests):
 *
 *   npm run bench:pan -- --corpus DIR [--out DIR] [--limit N] [--split even|odd]
 *
 * DIR is a PAN text-alignment corpus (PAN 2012–2015 layout: `pairs`, `susp/`,
 * `src/`, and one folder per sub-corpus with its own `pairs` and one truth XML
 * per pair). For every pair the source document alone is indexed and the
 * suspicious document is matched against it with default options. Spans that
 * overlap on the suspicious side are merged into one detection.
 *
 * Prints, per sub-corpus and for the whole corpus, macro precision, recall,
 * granularity and plagdet (`measures.ts`) twice from the same run: for the
 * copied spans alone (the fingerprint matcher as it was before the rewritten
 * stage) and for all spans. Also the detections on pairs without reuse and the
 * matching time per pair. --out DIR writes the detections as PAN XML, one file
 * per pair, for PAN's own evaluator. --limit N takes the first N pairs of each
 * sub-corpus (a quick look, not a result). --split even|odd keeps the pairs on
 * even (0, 2, 4, …) or odd lines of each sub-corpus's `pairs` file: tune on one
 * half, check that the other moves the same way.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex } from '../../lib/build-index';
import { findMatches, type MatchSpan } from '../../lib/matcher';
import { measure, type Annotation, type Measures } from './measures';

interface Pair {
  readonly susp: string;
  readonly src: string;
  /** `suspicious-documentNNNNN-source-documentNNNNN`, the name PAN gives the pair's files. */
  readonly name: string;
}

interface SubCorpus {
  readonly name: string;
  readonly pairs: Pair[];
  readonly cases: Annotation[];
}

/** Detections of one configuration, pooled over a sub-corpus. */
interface Run {
  detections: Annotation[];
}

const pairName = (susp: string, src: string): string => `${susp.replace(/\.txt$/, '')}-${src.replace(/\.txt$/, '')}`;

function readPairs(file: string): Pair[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 2)
    .map(([susp, src]) => ({ susp: susp!, src: src!, name: pairName(susp!, src!) }));
}

/** The `plagiarism` features of one truth XML file. */
function readCases(file: string, pair: string): Annotation[] {
  const xml = readFileSync(file, 'utf8');
  const cases: Annotation[] = [];
  for (const [feature] of xml.matchAll(/<feature\b[^>]*>/g)) {
    const attribute = (name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(feature)?.[1];
    if (attribute('name') !== 'plagiarism') continue;
    cases.push({
      pair,
      thisOffset: Number(attribute('this_offset')),
      thisLength: Number(attribute('this_length')),
      sourceOffset: Number(attribute('source_offset')),
      sourceLength: Number(attribute('source_length')),
    });
  }
  return cases;
}

function readSubCorpora(corpus: string, limit: number, split: 'even' | 'odd' | undefined): SubCorpus[] {
  return readdirSync(corpus)
    .filter((entry) => statSync(path.join(corpus, entry)).isDirectory() && !['susp', 'src'].includes(entry))
    .filter((entry) => statSync(path.join(corpus, entry, 'pairs'), { throwIfNoEntry: false })?.isFile())
    .sort()
    .map((entry) => {
      const pairs = readPairs(path.join(corpus, entry, 'pairs'))
        .filter((_, line) => split === undefined || line % 2 === (split === 'even' ? 0 : 1))
        .slice(0, limit);
      const cases = pairs.flatMap((pair) => readCases(path.join(corpus, entry, `${pair.name}.xml`), pair.name));
      return { name: entry, pairs, cases };
    });
}

/**
 * Spans overlapping on the suspicious side become one detection covering the
 * union of their ranges on both sides: the UI shows them as one passage too.
 */
function toDetections(spans: readonly MatchSpan[], pair: string): Annotation[] {
  const sorted = [...spans].sort((a, b) => a.pageStart - b.pageStart);
  const merged: { pageStart: number; pageEnd: number; docStart: number; docEnd: number }[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.pageStart < last.pageEnd) {
      last.pageEnd = Math.max(last.pageEnd, span.pageEnd);
      last.docStart = Math.min(last.docStart, span.docStart);
      last.docEnd = Math.max(last.docEnd, span.docEnd);
    } else {
      merged.push({ pageStart: span.pageStart, pageEnd: span.pageEnd, docStart: span.docStart, docEnd: span.docEnd });
    }
  }
  return merged.map((m) => ({
    pair,
    thisOffset: m.pageStart,
    thisLength: m.pageEnd - m.pageStart,
    sourceOffset: m.docStart,
    sourceLength: m.docEnd - m.docStart,
  }));
}

function writeXml(out: string, pair: Pair, detections: readonly Annotation[]): void {
  const features = detections.map(
    (d) =>
      `<feature name="detected-plagiarism" this_offset="${d.thisOffset}" this_length="${d.thisLength}" ` +
      `source_reference="${pair.src}" source_offset="${d.sourceOffset}" source_length="${d.sourceLength}"/>`,
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<document reference="${pair.susp}">\n${features.join('\n')}${features.length > 0 ? '\n' : ''}</document>\n`;
  writeFileSync(path.join(out, `${pair.name}.xml`), xml);
}

const fixed = (value: number): string => value.toFixed(4);

function row(label: string, m: Measures, noReuseDetections: number | null, msPerPair: number): string {
  const scores = m.cases === 0 ? '– | – | – | –' : `${fixed(m.plagdet)} | ${fixed(m.recall)} | ${fixed(m.precision)} | ${fixed(m.granularity)}`;
  return `| ${label} | ${scores} | ${m.cases} | ${m.detections} | ${noReuseDetections ?? '–'} | ${msPerPair.toFixed(1)} |`;
}

function main(): void {
  const { values } = parseArgs({
    options: { corpus: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' }, split: { type: 'string' } },
  });
  if (!values.corpus) throw new Error('usage: npm run bench:pan -- --corpus DIR [--out DIR] [--limit N] [--split even|odd]');
  if (values.split !== undefined && values.split !== 'even' && values.split !== 'odd') throw new Error('--split takes even or odd');
  const corpus = values.corpus;
  const limit = values.limit ? Number(values.limit) : Infinity;
  if (values.out) mkdirSync(values.out, { recursive: true });
  const subCorpora = readSubCorpora(corpus, limit, values.split);
  const texts = new Map<string, string>();
  const text = (folder: string, file: string): string => {
    const key = `${folder}/${file}`;
    let value = texts.get(key);
    if (value === undefined) {
      value = readFileSync(path.join(corpus, folder, file), 'utf8');
      texts.set(key, value);
    }
    return value;
  };

  const started = performance.now();
  const configs = ['copied', 'all'] as const;
  const lines: string[] = [];
  const total = { cases: [] as Annotation[], copied: [] as Annotation[], all: [] as Annotation[], ms: 0, pairs: 0 };
  const results: { name: string; copied: Measures; all: Measures; noReuse: Record<'copied' | 'all', number | null>; ms: number }[] = [];
  for (const sub of subCorpora) {
    const runs: Record<(typeof configs)[number], Run> = { copied: { detections: [] }, all: { detections: [] } };
    let ms = 0;
    for (const pair of sub.pairs) {
      const source = text('src', pair.src);
      const suspicious = text('susp', pair.susp);
      const index = buildIndex([{ id: 'source', title: pair.src, text: source }]);
      const start = performance.now();
      const spans = findMatches(suspicious, index);
      ms += performance.now() - start;
      const all = toDetections(spans, pair.name);
      runs.copied.detections.push(...toDetections(spans.filter((s) => s.kind === 'copied'), pair.name));
      runs.all.detections.push(...all);
      if (values.out) writeXml(values.out, pair, all);
    }
    const noReuse = sub.cases.length === 0;
    const result = {
      name: sub.name,
      copied: measure(sub.cases, runs.copied.detections),
      all: measure(sub.cases, runs.all.detections),
      noReuse: {
        copied: noReuse ? runs.copied.detections.length : null,
        all: noReuse ? runs.all.detections.length : null,
      },
      ms: ms / Math.max(1, sub.pairs.length),
    };
    results.push(result);
    total.cases.push(...sub.cases);
    total.copied.push(...runs.copied.detections);
    total.all.push(...runs.all.detections);
    total.ms += ms;
    total.pairs += sub.pairs.length;
    process.stderr.write(`[bench:pan] ${sub.name}: ${sub.pairs.length} pairs, plagdet ${fixed(result.copied.plagdet)} → ${fixed(result.all.plagdet)}\n`);
  }
  const noReuseTotal = (config: 'copied' | 'all'): number =>
    results.reduce((sum, r) => sum + (r.noReuse[config] ?? 0), 0);
  for (const config of configs) {
    lines.push(`### ${config === 'copied' ? 'Copied spans only (the fingerprint matcher alone)' : 'Copied and rewritten spans'}`, '');
    lines.push('| sub-corpus | plagdet | recall | precision | granularity | cases | detections | detections without reuse | ms per pair |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const r of results) lines.push(row(r.name, r[config], r.noReuse[config], r.ms));
    lines.push(row('entire corpus', measure(total.cases, total[config]), noReuseTotal(config), total.ms / Math.max(1, total.pairs)));
    lines.push('');
  }
  const seconds = (performance.now() - started) / 1000;
  lines.push(
    `${total.pairs} pairs in ${seconds.toFixed(0)} s (matching ${(total.ms / 1000).toFixed(0)} s; the rest reads files and indexes each source). ` +
      `Command: npm run bench:pan -- ${process.argv.slice(2).join(' ')}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
