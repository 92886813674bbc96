import * as fs from 'fs';
import * as path from 'path';
import { assertValid } from '../schemas';
import type { Judged } from './recognition';

/**
 * The claims judged by reading the code (solutions/recognition-judged.json, never shipped: it
 * names the known-wrong solutions): per exercise folder, "<variant or case>|<claimed variant>".
 * Written by hand, so it is checked against schemas/recognition-judged.schema.json before it is
 * scored with: a typo ("rigth", a missing "|") would otherwise count as no judgement at all.
 */
export function readJudged(solutions: string): {
  leaveOneOut: Record<string, Judged>;
  heldOut: Record<string, Judged>;
} {
  const file = path.join(solutions, 'recognition-judged.json');
  if (!fs.existsSync(file)) return { leaveOneOut: {}, heldOut: {} };
  const read: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  assertValid('recognition-judged', read, file);
  const judged = read as {
    leave_one_out?: Record<string, Judged>;
    held_out?: Record<string, Judged>;
  };
  return { leaveOneOut: judged.leave_one_out ?? {}, heldOut: judged.held_out ?? {} };
}
