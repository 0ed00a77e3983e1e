import { isCheckinWeek, previousCheckinWeek, type Cadence } from './cadence.js';
import { groupBy } from './groupBy.js';
import { OFF_PATH_BELOW, type PathProjection } from './path.js';
import type { AnswerRate } from './answering.js';
import type { CheckinInfo, Confidence, KrInfo } from './types.js';

/**
 * At-risk digest selection for one team and one week: what a team channel should read on the
 * morning after check-ins. Pure: the caller passes the team's KRs and their check-ins.
 */

export interface DigestItem {
  kr: KrInfo;
  checkin: CheckinInfo;
  previous: CheckinInfo | null;
  /** Confidence per check-in week 1…week (null where no check-in; a biweekly team's off weeks left out). */
  trend: Array<Confidence | null>;
  /** How many pieces of work are linked to the KR (`/okr link`). */
  linked: number;
}

export interface DigestSelection {
  week: number;
  offTrack: DigestItem[];
  atRisk: DigestItem[];
  drops: DigestItem[];
  silentGreens: DigestItem[];
  /** Called on track (2) while the path of their measured values misses the target badly (domain/path.ts). */
  offPath: Array<DigestItem & { path: PathProjection }>;
  missing: KrInfo[];
  /** KRs without a check-in whose owner okrbot tried to DM this week and could not reach. */
  unreachable: KrInfo[];
  /** KRs without a check-in whose owner's Slack account is deactivated: they need a new owner. */
  leftSlack: KrInfo[];
  /** KRs without a check-in whose owner was out of office this week, with their last day away ('' when open-ended: a Slack status without expiry). */
  away: Array<{ kr: KrInfo; until: string }>;
  onTrack: number;
  /** Active KRs considered. */
  total: number;
  allGreen: boolean;
  /** The team's answer rate this cycle up to this week (set by the service that reads the asks). */
  answerRate?: AnswerRate;
}

/** Weeks at 2 with the same or empty evidence before a green counts as silent. */
export const SILENT_GREEN_WEEKS = 3;

// One collator for all comparisons: localeCompare with options builds a new one per call.
const natural = new Intl.Collator('en', { numeric: true });
function byKey(a: KrInfo, b: KrInfo): number {
  return natural.compare(a.objectiveKey, b.objectiveKey) || natural.compare(a.key, b.key);
}

const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Confidence per check-in week 1…upToWeek from check-ins, plus (optionally) older weeks known only by
 * their confidence. A biweekly team's weeks without a check-in are left out: they are not "missing".
 */
export function trendFor(
  checkins: CheckinInfo[],
  upToWeek: number,
  older?: ReadonlyMap<number, Confidence>,
  cadence?: Cadence,
): Array<Confidence | null> {
  const trend: Array<Confidence | null> = Array.from({ length: upToWeek }, (_, i) => older?.get(i + 1) ?? null);
  for (const c of checkins) if (c.week >= 1 && c.week <= upToWeek) trend[c.week - 1] = c.confidence;
  return cadence === 'biweekly' ? trend.filter((_, i) => isCheckinWeek(cadence, i + 1)) : trend;
}

/** At 2 for the last SILENT_GREEN_WEEKS check-in weeks in a row with evidence unchanged or empty. */
export function isSilentGreen(history: CheckinInfo[], week: number, cadence?: Cadence): boolean {
  const recent: CheckinInfo[] = [];
  for (let w: number | null = week, n = 0; n < SILENT_GREEN_WEEKS; n++, w = previousCheckinWeek(cadence, w)) {
    if (w === null) return false;
    const c = history.find((h) => h.week === w);
    if (!c || c.confidence !== 2) return false;
    recent.push(c);
  }
  const texts = recent.map((c) => normalise(c.evidence));
  const allEmpty = texts.every((t) => t === '' || t === '-' || t === 'n/a' || t === 'same');
  const unchanged = texts.every((t) => t === texts[0]);
  return allEmpty || unchanged;
}

export interface DigestInput {
  week: number;
  krs: KrInfo[];
  checkins: CheckinInfo[];
  /** Confidence of weeks before those in `checkins`, per KR (the store reads them aggregated). */
  olderWeeks?: ReadonlyMap<number, ReadonlyMap<number, Confidence>>;
  unreachableOwnerIds?: ReadonlySet<number>;
  /** Owners whose Slack account is deactivated. */
  leftSlackOwnerIds?: ReadonlySet<number>;
  /** Linked work per KR id. */
  linkedWork?: ReadonlyMap<number, number>;
  /** Owners out of office at some point in the week: person id → last day away (inclusive; '' open-ended). */
  awayUntil?: ReadonlyMap<number, string>;
  /** Measured KRs' paths (values read from their sources), by KR id. */
  paths?: ReadonlyMap<number, PathProjection>;
  /** The team's check-in cadence: "last time" and silent greens count its check-in weeks. */
  cadence?: Cadence;
}

/** Check-ins up to the week, per KR. */
function historyByKr(checkins: CheckinInfo[], week: number): Map<number, CheckinInfo[]> {
  return groupBy(
    checkins.filter((c) => c.week <= week),
    (c) => c.krId,
  );
}

/** Where a KR without a check-in this week goes: its owner left Slack, is away, could not be reached, or not yet. */
function placeMissing(d: DigestSelection, input: DigestInput, kr: KrInfo): void {
  const owner = kr.ownerId;
  const until = owner !== null ? input.awayUntil?.get(owner) : undefined;
  if (owner !== null && input.leftSlackOwnerIds?.has(owner)) d.leftSlack.push(kr);
  else if (until !== undefined) d.away.push({ kr, until });
  else if (owner !== null && input.unreachableOwnerIds?.has(owner)) d.unreachable.push(kr);
  else d.missing.push(kr);
}

export function selectDigest(input: DigestInput): DigestSelection {
  const { week } = input;
  const active = input.krs.filter((kr) => kr.status === 'active').sort(byKey);
  const history = historyByKr(input.checkins, week);
  const d: DigestSelection = {
    week,
    offTrack: [],
    atRisk: [],
    drops: [],
    silentGreens: [],
    offPath: [],
    missing: [],
    unreachable: [],
    leftSlack: [],
    away: [],
    onTrack: 0,
    total: active.length,
    allGreen: false,
  };
  for (const kr of active) {
    const h = history.get(kr.id) ?? [];
    const checkin = h.find((c) => c.week === week);
    if (!checkin) {
      placeMissing(d, input, kr);
      continue;
    }
    const before = previousCheckinWeek(input.cadence, week);
    const previous = h.find((c) => c.week === before) ?? null;
    const trend = trendFor(h, week, input.olderWeeks?.get(kr.id), input.cadence);
    const item: DigestItem = { kr, checkin, previous, trend, linked: input.linkedWork?.get(kr.id) ?? 0 };
    if (checkin.confidence === 0) d.offTrack.push(item);
    else if (checkin.confidence === 1) d.atRisk.push(item);
    else d.onTrack++;
    if (previous && checkin.confidence < previous.confidence) d.drops.push(item);
    if (isSilentGreen(h, week, input.cadence)) d.silentGreens.push(item);
    const path = input.paths?.get(kr.id);
    if (checkin.confidence === 2 && path && path.fraction < OFF_PATH_BELOW) d.offPath.push({ ...item, path });
  }
  d.allGreen =
    active.length > 0 && d.onTrack === active.length && d.silentGreens.length === 0 && d.offPath.length === 0;
  return d;
}

/** A week with nothing to act on: every KR on track, none silent, none without a check-in. */
export function isQuietWeek(d: DigestSelection): boolean {
  return (
    d.total === 0 || (d.allGreen && d.missing.length + d.unreachable.length + d.leftSlack.length + d.away.length === 0)
  );
}
