/**
 * The rewritten-reuse stage on news text, through `findMatches` and the shipped
 * corpus (corpus-index/corpus/). The pages below are written for these tests:
 * rewrites of corpus passages (reworded, reordered, merged, condensed) that must
 * be found as `rewritten`, and pages on the same story (same people, places,
 * days and figures, different wording) that must yield nothing at all.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../corpus-index/load-corpus';
import { buildIndex } from '../build-index';
import type { IndexData } from '../index-format';
import { findMatches } from '../matcher';

const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus-index/corpus');

let index: IndexData;
const idOf = (titleStart: string): string => index.documents.find((d) => d.title.startsWith(titleStart))!.id;

beforeAll(async () => {
  const { documents } = await loadCorpus(CORPUS_DIR);
  index = buildIndex(documents);
});

/** Same story, own wording: names, places, days and numbers shared with the corpus, sentences not. */
const SAME_TOPIC_PAGES = [
  `Baghdad — Iraqi officials said on Monday that the residents of Camp Ashraf would be moved before the end of the year, and the Mujahedin Khalq Organization warned that any transfer by force would end in bloodshed. The camp, about 60 kilometres north of the capital, has housed the exiled Iranian opposition group since the 1980s.

Ian Kelly, a State Department spokesman, repeated that Washington expects the Iraqi government to honour its commitments to the camp's residents. Iran welcomed the decision and called for the MKO leadership to be put on trial in Tehran.`,
  `Tribal leaders in Diyala province met provincial officials in Baqubah on Saturday to discuss security along the Iranian border. Farmers complained that irrigation canals had dried up and that the road to the border crossing remains closed to trucks.

The governor promised new funds for water projects and said the MKO question was a matter for the federal government in Baghdad, not for the province. Habilian, an Iranian association of victims' families, sent a delegation to the meeting.`,
  `European Union foreign ministers removed the People's Mujahedin of Iran from the bloc's terror list after a long legal battle in Luxembourg. Maryam Rajavi, the group's leader, celebrated the ruling at a rally outside Paris, while Tehran summoned European ambassadors to protest.

Critics in the European Parliament argued that the court had judged procedure rather than the group's record, and that the United States still listed the MKO at the time.`,
  `Iran's foreign ministry spokesman Ramin Mehman-Parast told his weekly news conference in Tehran that relations with Baghdad were improving and that trade between the two neighbours had doubled since 2003. He declined to say when MKO members might be handed over, saying only that talks with Iraqi counterparts continue.

Prime Minister Nouri al-Maliki is expected to visit Tehran next month, his office said on Thursday.`,
  `Washington and Baghdad spent much of December negotiating over who would guard Camp Ashraf once American troops pulled back. An embassy official in Baghdad, speaking on condition of anonymity, told reporters on Sunday that the handover on January 1, 2009 would change little for daily life inside the compound, where several thousand MKO members live behind earth walls.

MKO spokesmen in Paris called the arrangement a guarantee of their safety. Iraqi officials disagreed, saying sovereignty over the camp belonged to Iraq alone and that the government in Baghdad would decide its future. Diplomats in the Green Zone expect further talks before spring, and the United Nations has asked to send monitors to Diyala. Human rights lawyers in London warned that the residents hold no travel documents, so no neighbouring state could take them in quickly, and that any move would take months of preparation and a great deal of money.`,
  `Roadside billboards went up this month along the highway through Diyala province, and drivers say they are hard to miss. Farmers near Khalis told visiting journalists that most villagers want the Iranian exiles gone, though a few traders worry about losing customers from the camp.

In Tehran, Habilian, which represents relatives of people killed in attacks blamed on the MKO, circulated photographs of the billboards and called on Baghdad to act quickly. Iranian television aired the pictures on its evening bulletin. A provincial council member in Baqubah said the campaign was organised by local tribes, not by any foreign government, and that the council had received hundreds of letters on the subject since the summer. Officials at the governor's office declined to comment, and the Interior Ministry in Baghdad said only that security around the camp would be reviewed in the new year, after the elections.`,
  `Baghdad's cabinet told the Mujahedin Khalq Organization on Sunday that its fighters had no future in Iraq and would have to give up Camp Ashraf, though ministers promised that nobody would be driven out at gunpoint. The Iraqi government wants the security of the camp in its own hands, and Iraqi police are due to replace the American soldiers who have stood at the gates since 2003.

The exiles fought on Saddam Hussein's side against Iran in the 1980s. American forces took away their arms after the invasion, some 2,000 armoured vehicles among them, and the State Department and the European Union both listed the MKO as terrorist at the time. Its lobbyists in Brussels and Washington describe the residents as refugees; Tehran wants them tried at home.`,
  `The history of the MKO reaches back to the 1960s, when students in Tehran founded it to oppose the Shah. After the Islamic Revolution of 1979 it fell out with the clergy, and by the early 1980s its leaders had fled to Paris and later to Iraq, where Saddam Hussein gave them land north of Baghdad. Human rights groups have published testimony from former members describing life inside Camp Ashraf.`,
];

describe('rewritten reuse on news pages: precision', () => {
  it.each(SAME_TOPIC_PAGES.map((text, i) => [i + 1, text] as const))('same-topic page %i without reuse yields no span', (_, text) => {
    expect(findMatches(text, index)).toEqual([]);
  });
});

/** Rewrites of corpus passages, with the document they come from and the page's own text around them. */
const REWRITES: { name: string; source: string; rewrite: string }[] = [
  {
    name: 'reworded and reordered (US urges Iraq)',
    source: 'US urges Iraq',
    rewrite:
      "Iraq has been asked by the United States to deal humanely and respectfully with the members of an anti-Iranian terrorist group, a group blamed for numerous bombings and for assassination attempts on Iranians. Speaking on Friday, the State Department spokesman Ian Kelly expressed Washington's hope that the Mujahedin Khalq Organization would be treated humanely after removal from its bases at Camp Ashraf, and that its members would not end up harmed in another country.",
  },
  {
    name: 'clauses swapped and synonyms (Diyala residents)',
    source: 'Diyala residents',
    rewrite:
      'The email, as the Habilian Association reported, holds pictures of big signboards set up along Diyala province roads that oppose the terrorist Mujahedin-e Khalq group being present inside the country; the association is a human rights group made up of the families of 17,000 Iranian victims of terror. Several people from the province sent the email to Habilian to declare their displeasure over the presence of the MKO terrorist group on their territory.',
  },
  {
    name: 'sentences merged and condensed (US urges Iraq, Maliki and the camp)',
    source: 'US urges Iraq',
    rewrite:
      'Iraqi Prime Minister Nouri al-Maliki had said on Thursday that his government decided to move the terrorist group to a remote area in the south of the country, before expelling it for good. The group took refuge in Iraq after being exiled from Iran on terrorism charges in the 1980s, and its members lived in Camp Ashraf for two decades, receiving protected status after the 2003 US-led invasion of Iraq.',
  },
];

const OWN_BEFORE =
  'Readers of this newsletter asked us to summarise the week in regional politics. Here is what happened, in brief, with our own comment at the end.';
const OWN_AFTER =
  'Our view: the coming months will test whether promises made in public turn into practice on the ground, and we will keep following the story.';

describe('rewritten reuse on news pages: recall', () => {
  it.each(REWRITES.map((r) => [r.name, r] as const))('finds a rewrite, %s, as one rewritten span', (_, { source, rewrite }) => {
    const text = `${OWN_BEFORE}\n\n${rewrite}\n\n${OWN_AFTER}`;
    const start = text.indexOf(rewrite);
    const end = start + rewrite.length;
    const spans = findMatches(text, index);
    const rewritten = spans.filter((s) => s.kind === 'rewritten');
    expect(rewritten).toHaveLength(1);
    const [span] = rewritten;
    expect(span!.docId).toBe(idOf(source));
    // Covers most of the rewrite and none of the page's own paragraphs.
    expect(span!.pageStart).toBeGreaterThanOrEqual(start);
    expect(span!.pageEnd).toBeLessThanOrEqual(end);
    expect(span!.pageEnd - span!.pageStart).toBeGreaterThan(0.8 * rewrite.length);
    expect(span!.similarity).toBeGreaterThan(0);
    expect(span!.similarity).toBeLessThanOrEqual(1);
    // Every other span is inside the rewrite too.
    for (const other of spans) {
      expect(other.pageStart).toBeGreaterThanOrEqual(start);
      expect(other.pageEnd).toBeLessThanOrEqual(end);
    }
  });

  it('reports no rewritten span when the stage is turned off', () => {
    const text = `${OWN_BEFORE}\n\n${REWRITES[0]!.rewrite}\n\n${OWN_AFTER}`;
    expect(findMatches(text, index).some((s) => s.kind === 'rewritten')).toBe(true);
    expect(findMatches(text, index, { rewritten: false }).some((s) => s.kind === 'rewritten')).toBe(false);
  });

  it('does not turn copied sentences too short for a raised minimum length into one rewritten passage', () => {
    // Sentences of the source copied verbatim (most under 30 words), with the page's own
    // prose between them, as on tests/e2e/pages/news.html.
    const lines = index.documents.find((d) => d.title.startsWith('US urges Iraq'))!.text.split('\n');
    const own = [
      'Officials in Washington framed the appeal as a routine diplomatic reminder rather than a warning, but its timing surprised few observers in the capital.',
      'Camp Ashraf, a walled settlement of low concrete buildings and date palms, has become a bargaining chip in relations between Baghdad, Tehran and Washington.',
      'Asked whether American troops would intervene, a second official declined to speculate, and analysts contacted by this newspaper were divided.',
    ];
    const text = [lines[1], own[0], own[1], lines[2], own[2], lines[4]].join(' ');
    const longest = findMatches(text, index, { minWords: 30 });
    // The default finds every copied sentence; with 30 words only the long one stays, still as copied.
    expect(findMatches(text, index).filter((s) => s.kind === 'copied').length).toBeGreaterThanOrEqual(3);
    expect(longest.length).toBeGreaterThan(0);
    expect(longest.every((s) => s.kind === 'copied' && s.matchedWords >= 30)).toBe(true);
    for (const sentence of own) {
      const at = text.indexOf(sentence);
      expect(longest.some((s) => s.pageStart < at + sentence.length && s.pageEnd > at)).toBe(false);
    }
  });

  it('leaves a verbatim passage to the copied spans', () => {
    const { text } = index.documents.find((d) => d.title.startsWith('US urges Iraq'))!;
    const passage = text.split('\n').slice(1, 4).join(' ');
    const spans = findMatches(`${OWN_BEFORE}\n\n${passage}\n\n${OWN_AFTER}`, index);
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.every((s) => s.kind === 'copied')).toBe(true);
  });
});
