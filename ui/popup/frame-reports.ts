/**
 * One page report for a whole tab: the top frame's report followed by the
 * passages its frames paint (same-origin iframes read by their own content
 * script). Passage indices are renumbered so they stay unique; `targets` maps
 * each back to the frame and index that `focusPassage` needs.
 */
import type { PageReport } from '../../lib/domain';

/** Where a passage of the merged report lives. */
export interface PassageTarget {
  frameId: number;
  index: number;
}

/** A merged report and where each of its passages is painted. */
export interface MergedReport {
  report: PageReport;
  targets: Map<number, PassageTarget>;
}

/** Merges the top frame's report (frame 0) with its frames' reports, in the order given. */
export function mergeFrameReports(top: PageReport, frames: readonly { frameId: number; report: PageReport }[]): MergedReport {
  const targets = new Map<number, PassageTarget>();
  const passages: PageReport['passages'] = [];
  let { pageChars, reusedChars } = top;
  for (const { frameId, report } of [{ frameId: 0, report: top }, ...frames]) {
    if (frameId !== 0) {
      pageChars += report.pageChars;
      reusedChars += report.reusedChars;
    }
    for (const passage of report.passages) {
      const index = passages.length;
      targets.set(index, { frameId, index: passage.index });
      passages.push({ ...passage, index });
    }
  }
  return { report: { ...top, pageChars, reusedChars, passages }, targets };
}
