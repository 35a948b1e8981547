import { describe, expect, it } from 'vitest';
import { csvField, escapeMarkdown, exportCsv, exportJson, exportMarkdown, exportRows, type JsonExport } from './export-matches';
import type { PageReport, ReportSource } from './domain';

const source = (overrides: Partial<ReportSource & { url: string }> = {}): ReportSource => ({
  docId: '000_abc',
  kind: 'copied',
  title: 'US urges Iraq to treat MKO members humanely',
  outlet: 'Press TV',
  published: '2009-01-02',
  similarity: 0.9567,
  docStart: 125,
  docEnd: 315,
  sourceText: 'The United States urges Iraq to "act humanely and with respect".',
  pageText: 'The United States urged Iraq to "act humanely".',
  documentLength: 4000,
  corpus: { id: 'shipped', name: 'Sample news' },
  private: false,
  ...overrides,
});

const tricky = 'He said, "move them",\nthen left\r\nquickly, "again".';

const report: PageReport = {
  pageUrl: 'https://news.example/story?id=1&x=2',
  pageTitle: 'Baghdad, "the end" | Ledger',
  pageChars: 1000,
  reusedChars: 250,
  active: true,
  passages: [
    { index: 0, pageText: tricky, kind: 'copied', sources: [source({ url: 'https://source.example/a', pageText: tricky } as Partial<ReportSource>)] },
    {
      index: 1,
      pageText: '=HYPERLINK("http://evil.example","click")',
      kind: 'copied',
      otherSources: 12,
      sources: [
        source({ docId: '003_x', title: 'Iran, Iraq & the MKO', outlet: undefined, published: undefined, similarity: 1, pageText: '=HYPERLINK("http://evil.example","click")' }),
        source({
          docId: '004_y',
          title: 'Diyala residents',
          similarity: 0.5,
          pageText: '=HYPERLINK("http://evil.example","click")',
          kind: 'rewritten',
          corpus: { id: 'c1', name: '=Desk *archive*' },
          private: true,
        }),
      ],
    },
  ],
};

/** A minimal RFC 4180 parser, to read back what exportCsv wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('exportRows', () => {
  it('has one row per (passage, source), in page order', () => {
    const rows = exportRows(report);
    expect(rows.map((r) => [r.passageIndex, r.sourceId])).toEqual([
      [0, '000_abc'],
      [1, '003_x'],
      [1, '004_y'],
    ]);
    expect(rows[0]).toMatchObject({ sourceUrl: 'https://source.example/a', similarity: 0.957, pageUrl: report.pageUrl });
    expect(rows[1]).toMatchObject({ sourceUrl: '', sourceOutlet: '', sourcePublished: '' });
  });

  it('carries how each source was reused', () => {
    expect(exportRows(report).map((r) => r.kind)).toEqual(['copied', 'copied', 'rewritten']);
  });

  it('carries the corpus of each source and whether the reader marked it private', () => {
    expect(exportRows(report).map((r) => [r.sourceCorpus, r.sourcePrivate])).toEqual([
      ['Sample news', false],
      ['Sample news', false],
      ['=Desk *archive*', true],
    ]);
  });

  it('carries on each row of a passage how many more corpus articles share it, 0 when none', () => {
    expect(exportRows(report).map((r) => r.otherSources)).toEqual([0, 12, 12]);
  });
});

describe('csvField', () => {
  it('leaves plain text alone and quotes text with quotes, commas or line breaks', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });
});

describe('exportCsv', () => {
  const csv = exportCsv(report);
  const rows = parseCsv(csv);

  it('writes a header and CRLF-terminated records', () => {
    expect(rows[0]).toEqual([
      'page_url',
      'page_title',
      'passage_index',
      'page_text',
      'source_title',
      'source_id',
      'source_url',
      'source_outlet',
      'source_published',
      'source_passage',
      'similarity',
      'kind',
      'source_corpus',
      'source_private',
      'other_sources',
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.length === 15)).toBe(true);
    expect(rows.slice(1).map((row) => row[14])).toEqual(['0', '12', '12']);
    expect(rows.slice(1).map((row) => row[11])).toEqual(['copied', 'copied', 'rewritten']);
    // A corpus name is user data like any other: a formula in it is defused.
    expect(rows.slice(1).map((row) => [row[12], row[13]])).toEqual([
      ['Sample news', 'false'],
      ['Sample news', 'false'],
      ["'=Desk *archive*", 'true'],
    ]);
  });

  it('round-trips text with quotes, commas and newlines through RFC 4180 quoting', () => {
    expect(rows[1]![3]).toBe(tricky);
    expect(rows[1]![1]).toBe(report.pageTitle);
    expect(rows[1]![9]).toBe(source().sourceText);
    expect(rows[2]![4]).toBe('Iran, Iraq & the MKO');
    expect(rows[1]![10]).toBe('0.957');
  });

  it('quotes the tricky field exactly as RFC 4180 prescribes', () => {
    expect(csv).toContain('"He said, ""move them"",\nthen left\r\nquickly, ""again""."');
  });

  it('defuses spreadsheet formulas from page text', () => {
    expect(rows[2]![3]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[3]![3]!.startsWith("'=")).toBe(true);
  });
});

describe('exportJson', () => {
  it('round-trips: the parsed document holds the page and its rows', () => {
    const parsed = JSON.parse(exportJson(report)) as JsonExport;
    expect(parsed).toEqual({
      format: 'sourcelight-matches',
      version: 1,
      pageUrl: report.pageUrl,
      pageTitle: report.pageTitle,
      pageChars: 1000,
      reusedChars: 250,
      rows: exportRows(report),
    });
    expect(parsed.rows[0]!.pageText).toBe(tricky);
  });

  it('exports an empty report as no rows', () => {
    const parsed = JSON.parse(exportJson({ ...report, passages: [] })) as JsonExport;
    expect(parsed.rows).toEqual([]);
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline markup characters', () => {
    expect(escapeMarkdown('*bold* _em_ `code` [link](http://x) <b>&amp; ~~s~~ | $x$ !#')).toBe(
      '\\*bold\\* \\_em\\_ \\`code\\` \\[link\\]\\(http://x\\) \\<b\\>\\&amp; \\~\\~s\\~\\~ \\| \\$x\\$ \\!\\#',
    );
  });

  it('escapes block markers at the start and folds line breaks', () => {
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('+ item')).toBe('\\+ item');
    expect(escapeMarkdown('12. item')).toBe('12\\. item');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('one\n\n# two\r\n- three')).toBe('one \\# two - three');
  });

  it('leaves ordinary prose readable', () => {
    expect(escapeMarkdown('Iraq’s U.S. policy, 2009-01-02: "calm".')).toBe('Iraq’s U.S. policy, 2009-01-02: "calm".');
  });
});

describe('exportMarkdown', () => {
  const markdown = exportMarkdown(report);

  it('lists one citation per row with the source passage as a blockquote', () => {
    expect(markdown).toMatch(/^# Reused passages on \[Baghdad, "the end" \\\| Ledger\]\(<https:\/\/news\.example\/story\?id=1&x=2>\)\n/);
    expect(markdown).toContain('1. “He said, "move them", then left quickly, "again".”');
    expect(markdown).toContain(
      '   Source: [US urges Iraq to treat MKO members humanely](<https://source.example/a>) (Press TV, 2009-01-02), corpus id 000\\_abc in corpus “Sample news”; copied, 96% similar.',
    );
    expect(markdown).toContain('   > The United States urges Iraq to "act humanely and with respect".');
    expect(markdown).toContain('2. “\\=HYPERLINK\\("http://evil.example","click"\\)”');
    expect(markdown).toContain('   Source: Iran, Iraq \\& the MKO, corpus id 003\\_x in corpus “Sample news”; copied, 100% similar.');
    expect(markdown).toContain('corpus id 004\\_y in private corpus “\\=Desk \\*archive\\*”; rewritten');
    expect(markdown.match(/^\d+\. /gm)).toHaveLength(3);
  });

  it('says once, after a passage’s last source, how many more corpus articles share it', () => {
    const note = '   12 more corpus articles share phrases with this passage; not compared (only the closest sources are).';
    expect(markdown.split(note)).toHaveLength(2);
    expect(markdown.indexOf(note)).toBeGreaterThan(markdown.indexOf('corpus id 004\\_y'));
    expect(markdown).not.toContain('more corpus article shares');
  });

  it('says how each source was reused: copied with its similarity, rewritten with its shared content words', () => {
    expect(markdown).toContain('corpus id 000\\_abc in corpus “Sample news”; copied, 96% similar.');
    const rewritten: PageReport = {
      ...report,
      passages: [
        {
          index: 0,
          pageText: 'Washington wants the members treated humanely, a spokesman said.',
          kind: 'rewritten',
          sources: [
            source({
              kind: 'rewritten',
              pageText: 'Washington wants the members treated humanely, a spokesman said.',
              sourceText: 'The spokesman said Washington hopes the members will be treated humanely.',
            }),
          ],
        },
      ],
    };
    // Page content words: washington, wants, members, treated, humanely, spokesman, said; all but "wants" in the source.
    expect(exportMarkdown(rewritten)).toContain('corpus id 000\\_abc in corpus “Sample news”; rewritten, shares 6 of 7 content words.');
  });

  it('keeps data from breaking out of its list item or quote', () => {
    const hostile: PageReport = {
      ...report,
      passages: [
        {
          index: 0,
          pageText: 'text\n\n# Injected heading\n\n[click](javascript:alert(1))',
          kind: 'copied',
          sources: [
            source({
              sourceText: 'line one\n> nested\n\n- list',
              title: '](http://evil)',
              pageText: 'text\n\n# Injected heading\n\n[click](javascript:alert(1))',
            }),
          ],
        },
      ],
    };
    const lines = exportMarkdown(hostile).split('\n');
    expect(lines.filter((line) => line.startsWith('#'))).toHaveLength(1);
    expect(lines.some((line) => /(^|[^\\])\]\(/.test(line.replace(/\]\(<https?:[^>]*>\)/g, '')))).toBe(false);
    expect(lines).toContain('   > line one \\> nested - list');
  });

  it('links only http(s) URLs', () => {
    const markdown = exportMarkdown({ ...report, pageUrl: 'javascript:alert(1)', pageTitle: '' });
    expect(markdown.split('\n')[0]).toBe('# Reused passages on javascript:alert\\(1\\)');
  });
});
