import { trendFor } from './digest.js';
import type { CheckinInfo, Confidence, KrInfo } from './types.js';

/**
 * The mid-cycle selection — the one rule for which KRs a team decides on (the posted prompt, its
 * in-place updates and the demo): latest check-in up to the mid-cycle week at 0 or 1, on a KR the
 * team still works on. Paused KRs and KRs stopped some other way (a re-import, an edit) never
 * appear; a KR stopped *by a decision* stays, showing that decision.
 */

export interface DecisionLike {
  kind: 'double_down' | 'pivot' | 'stop';
  status: 'proposed' | 'confirmed' | 'rejected';
}

export interface MidcycleSelection<D extends DecisionLike> {
  items: Array<{ kr: KrInfo; latest: CheckinInfo; trend: Array<Confidence | null>; decision: D | null }>;
  others: { onTrack: number; noCheckin: number };
}

export function selectMidcycle<D extends DecisionLike>(input: {
  midWeek: number;
  krs: KrInfo[];
  checkins: CheckinInfo[];
  /** The latest decision or proposal per KR id. */
  latestDecision: (krId: number) => D | null;
}): MidcycleSelection<D> {
  const items: MidcycleSelection<D>['items'] = [];
  let onTrack = 0;
  let noCheckin = 0;
  for (const kr of input.krs) {
    const mine = input.checkins.filter((c) => c.krId === kr.id && c.week <= input.midWeek);
    const latest = mine.at(-1);
    const decision = input.latestDecision(kr.id);
    const stoppedHere = kr.status === 'stopped' && decision?.kind === 'stop' && decision.status === 'confirmed';
    if (kr.status !== 'active' && !stoppedHere) continue;
    if (latest && latest.confidence <= 1)
      items.push({ kr, latest, trend: trendFor(mine, input.midWeek, undefined, kr.cadence), decision });
    else if (latest) onTrack++;
    else noCheckin++;
  }
  return { items, others: { onTrack, noCheckin } };
}
