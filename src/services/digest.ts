import { pathsOf } from './krValues.js';
import type { Db } from '../db/client.js';
import type { Cycle, Team } from '../db/schema.js';
import { latestCheckinWeek, type Cadence } from '../domain/cadence.js';
import { selectDigest, SILENT_GREEN_WEEKS, type DigestInput, type DigestSelection } from '../domain/digest.js';
import { answerRate, type Answer, type AnswerRate } from '../domain/answering.js';
import { listAsks } from '../store/answering.js';
import { weekDates } from '../domain/time.js';
import { groupBy } from '../domain/groupBy.js';
import { listCheckinsForDigest, listCycleCheckinsForDigest, type DigestReads } from '../store/checkins.js';
import { isRetryable, listFailedDeliveries } from '../store/deliveries.js';
import { listKrInfos } from '../store/keyResults.js';
import { countInitiatives } from '../store/initiatives.js';
import { listAwayOwners, listPeopleWhoLeft } from '../store/people.js';
import { CHECKIN_PURPOSE } from './weeklyDm.js';
import { memoized, type WorkMemo } from './workMemo.js';

/**
 * The one builder of a team's at-risk digest for a week: the channel post, its in-place updates,
 * `/okr digest`, App Home, `okrbot digest` and the demo all read it from here, so "could not
 * reach" and "away" mean the same everywhere.
 */

interface OwnerFacts {
  unreachableOwnerIds: ReadonlySet<number>;
  leftSlackOwnerIds: ReadonlySet<number>;
  awayUntil: ReadonlyMap<number, string>;
  linkedWork: ReadonlyMap<number, number>;
}

/**
 * Owners whose check-in DM for the week failed for good ("could not reach": a final refusal, or
 * transient failures until attempts ran out; sends in doubt or due a retry are not counted), and
 * owners out of office at some point in the week.
 */
async function ownerFacts(db: Db, cycle: Cycle, week: number): Promise<OwnerFacts> {
  const failed = await listFailedDeliveries(db, CHECKIN_PURPOSE, cycle.id, week);
  return {
    unreachableOwnerIds: new Set(failed.filter((r) => !isRetryable(r) && r.personId !== null).map((r) => r.personId!)),
    leftSlackOwnerIds: new Set((await listPeopleWhoLeft(db)).map((p) => p.id)),
    awayUntil: await listAwayOwners(db, weekDates(cycle, week)),
    linkedWork: await countInitiatives(db, cycle.id),
  };
}

/**
 * The week a team's digest shows when asked for `week`: that week, or for a biweekly team in a week
 * between check-ins, its last check-in week (the digest follows the cadence).
 */
export function digestWeekOf(team: Pick<Team, 'checkinCadence'>, week: number): number {
  return latestCheckinWeek(team.checkinCadence, week) ?? week;
}

/** Weeks before the digest's week read in full: three check-in weeks (silent greens, drops). */
const weeksBackFor = (cadence: Cadence | undefined) => (SILENT_GREEN_WEEKS - 1) * (cadence === 'biweekly' ? 2 : 1);

/**
 * A team's at-risk digest for a week: store reads in, the pure selection out. `answerRate: false`
 * where the rate is not shown (App Home's summary), to spare reading every ask.
 */
export async function buildTeamDigest(
  db: Db,
  cycle: Cycle,
  team: Team,
  asked: number,
  options: { answerRate?: boolean } = {},
): Promise<DigestSelection> {
  const week = digestWeekOf(team, asked);
  const krs = await listKrInfos(db, { cycleId: cycle.id, teamId: team.id });
  const reads = await listCheckinsForDigest(
    db,
    krs.map((k) => k.id),
    week,
    weeksBackFor(team.checkinCadence),
  );
  const rate =
    options.answerRate === false
      ? undefined
      : answerRate({ krs, asks: await listAsks(db, cycle.id, team.id), answers: answeredIn(reads) }, week);
  return withRate(rate, {
    week,
    cadence: team.checkinCadence,
    krs,
    checkins: reads.recent,
    olderWeeks: reads.older,
    paths: await pathsOf(db, cycle, krs),
    ...(await ownerFacts(db, cycle, week)),
  });
}

/** Which KR-weeks have a check-in, from a digest's reads (the weeks shown in full and the older trend). */
function answeredIn(reads: DigestReads): Answer[] {
  const answers: Answer[] = reads.recent.map((c) => ({ krId: c.krId, week: c.week, createdAt: null }));
  for (const [krId, weeks] of reads.older)
    for (const week of weeks.keys()) answers.push({ krId, week, createdAt: null });
  return answers;
}

/** Team digests built once within one piece of work (App Home and the channel's digest show the same selection). */
export type DigestMemo = WorkMemo;

export function memoTeamDigest(
  memo: WorkMemo | undefined,
  db: Db,
  cycle: Cycle,
  team: Team,
  week: number,
  options: { answerRate?: boolean } = {},
): Promise<DigestSelection> {
  if (!memo) return buildTeamDigest(db, cycle, team, week, options);
  // Shared: built whole (with its answer rate, which the channel's copy shows) whatever `options` say.
  return memoized(memo, `digest/${team.id}/${digestWeekOf(team, week)}`, () => buildTeamDigest(db, cycle, team, week));
}

const withRate = (rate: AnswerRate | undefined, input: DigestInput): DigestSelection => ({
  ...selectDigest(input),
  ...(rate && { answerRate: rate }),
});

/**
 * Every listed team's digest for one week in a single pass over the cycle (two queries instead of
 * two per team): what the digest job uses when several teams are due in the same tick.
 */
export async function buildTeamDigests(
  db: Db,
  cycle: Cycle,
  teams: Team[],
  week: number,
): Promise<Map<number, DigestSelection>> {
  const wanted = new Set(teams.map((t) => t.id));
  const krsByTeam = groupBy(
    (await listKrInfos(db, { cycleId: cycle.id })).filter((kr) => wanted.has(kr.teamId)),
    (kr) => kr.teamId,
  );
  const back = Math.max(...teams.map((t) => weeksBackFor(t.checkinCadence)));
  const reads = await listCycleCheckinsForDigest(db, cycle.id, week, back);
  const checkinsByKr = groupBy(reads.recent, (c) => c.krId);
  const facts = await ownerFacts(db, cycle, week);
  const paths = await pathsOf(db, cycle, [...krsByTeam.values()].flat());
  // The answer rate from the check-ins just read (no second read of them) and the cycle's asks.
  const answering = {
    asks: await listAsks(db, cycle.id),
    answers: answeredIn(reads),
  };
  const out = new Map<number, DigestSelection>();
  for (const team of teams) {
    const krs = krsByTeam.get(team.id) ?? [];
    out.set(
      team.id,
      withRate(answerRate({ ...answering, krs }, week), {
        week,
        cadence: team.checkinCadence,
        krs,
        checkins: krs.flatMap((k) => checkinsByKr.get(k.id) ?? []),
        olderWeeks: reads.older,
        paths,
        ...facts,
      }),
    );
  }
  return out;
}
