import type { ExportOptions } from './exports';
import type { ClassListing } from './layout';
import { LayoutChoice, listClass } from './layouts';
import { applyRoster, readRoster } from './roster';

/** The class to grade: the submissions read as the layout says, matched to the roster if any. */
export function readClass(
  submissions: string,
  layout?: LayoutChoice,
  roster?: string,
): ClassListing {
  const listing = listClass(submissions, layout ?? 'auto');
  if (roster) {
    const { entries, skipped } = readRoster(roster);
    for (const line of skipped) listing.ignored.push({ name: roster, reason: line });
    applyRoster(listing, entries, roster);
  }
  return listing;
}

export interface ClassOptions {
  layout?: LayoutChoice;
  /** A roster CSV: ids, names, emails, SIS ids, sections. */
  roster?: string;
  exports?: ExportOptions;
}
