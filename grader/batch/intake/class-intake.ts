import * as path from 'path';
import type { ExportOptions } from '../../result/gradebook';
import type { ClassListing } from './listing';
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
    // Named by its file name only: shards on other machines must read the class the same way.
    const name = path.basename(roster);
    const { entries, skipped } = readRoster(roster, name);
    for (const line of skipped) listing.ignored.push({ name, reason: line });
    applyRoster(listing, entries, name);
  }
  return listing;
}

export interface ClassOptions {
  layout?: LayoutChoice;
  /** A roster CSV: ids, names, emails, SIS ids, sections. */
  roster?: string;
  exports?: ExportOptions;
}
