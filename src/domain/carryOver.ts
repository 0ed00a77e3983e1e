import { weekOfDate, type CycleDates } from './time.js';
import type { CheckinInfo } from './types.js';

/**
 * The one rule for "Same as last week": offered when the KR's value was read from its source this
 * week (so the number is current without asking) and its owner answered last time (so there is an
 * answer to carry over). Pure.
 */
export function mayCarryOver(
  cycle: CycleDates,
  week: number,
  previous: CheckinInfo | null,
  measured: { value: number | null; readAt: string } | null | undefined,
): boolean {
  return Boolean(
    previous && measured && measured.value !== null && weekOfDate(cycle, measured.readAt.slice(0, 10)) === week,
  );
}
