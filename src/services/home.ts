import type { Cycle, Person } from '../db/schema.js';
import { trendFor } from '../domain/digest.js';
import { teamWeek } from '../domain/time.js';
import { listCheckins } from '../store/checkins.js';
import { getActiveCycle, nextPlannedCycle } from '../store/cycles.js';
import { listKrInfos } from '../store/keyResults.js';
import { getTeam, listTeams } from '../store/teams.js';
import { renderHome, type HomeData } from '../views/home.js';
import { leadershipChannel } from './rollup.js';
import type { MineItem } from '../views/krViews.js';
import { currentWeekOf } from './checkins.js';
import { streakOf } from './answering.js';
import { isStatusAway } from '../domain/away.js';
import { weekRangeText } from './weeklyDm.js';
import { publishHomeView } from './delivery.js';
import type { AppDeps } from './deps.js';
import { isAdmin } from './admins.js';
import type { DigestSelection } from '../domain/digest.js';
import { memoTeamDigest, type DigestMemo } from './digest.js';
import { identify, todayOf } from './people.js';

/** A person's KRs in a cycle with their trend up to a week and latest check-in. */
/** The active cycle's KRs matching `filter` (an owner's, a team's, all), each with its trend and latest check-in. */
export async function krItems(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  filter: { ownerId?: number; teamId?: number },
  week: number,
): Promise<MineItem[]> {
  const krs = await listKrInfos(deps.db, { cycleId: cycle.id, ...filter });
  const checkins = await listCheckins(
    deps.db,
    krs.map((k) => k.id),
  );
  return krs.map((kr) => {
    const own = checkins.filter((c) => c.krId === kr.id);
    return {
      kr,
      trend: trendFor(own, week, undefined, kr.cadence),
      latest: own.filter((c) => c.week <= week).at(-1) ?? null,
    };
  });
}

export async function mineItems(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  personId: number,
  week: number,
): Promise<MineItem[]> {
  return krItems(deps, cycle, { ownerId: personId }, week);
}

export async function buildHome(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  person: Person | undefined,
  memo?: DigestMemo,
): Promise<HomeData> {
  const cycle = await getActiveCycle(deps.db);
  if (!cycle) return { cycleName: null, week: null, weekRange: null, items: [], teams: [], oooUntil: null };
  const week = person ? await currentWeekOf(deps, cycle, person) : null;
  const upTo = week ?? 0;
  const items = person
    ? (await mineItems(deps, cycle, person.id, upTo)).map((i) => ({ ...i, checkedInThisWeek: i.latest?.week === week }))
    : [];
  const teamIds = [...new Set(items.map((i) => i.kr.teamId))];
  const teams: Array<{ name: string; digest: DigestSelection }> = [];
  for (const id of week ? teamIds : []) {
    const team = (await getTeam(deps.db, id))!;
    // Each team's digest for its own week, as /okr digest shows it (one rule: teamWeek).
    const w = teamWeek(cycle, team, deps.clock());
    if (w !== null)
      teams.push({
        name: team.name,
        digest: await memoTeamDigest(memo, deps.db, cycle, team, w, { answerRate: false }),
      });
  }
  const today = person ? await todayOf(deps, person, cycle.id) : null;
  return {
    cycleName: cycle.name,
    week,
    weekRange: week ? weekRangeText(cycle, week) : null,
    items,
    teams,
    oooUntil: person?.oooUntil && today && person.oooUntil >= today ? person.oooUntil : null,
    streak: person && items.length ? await streakOf(deps.db, cycle, person, week, memo) : 0,
    awayByStatus: person ? isStatusAway(person, deps.clock()) : false,
  };
}

/** What an admin has set up so far, for the first-run App Home. */
async function setupState(
  db: AppDeps['db'],
): Promise<{ teams: number; teamsWithChannel: number; plannedCycle: string | null }> {
  const teams = await listTeams(db);
  const next = await nextPlannedCycle(db);
  return {
    teams: teams.length,
    teamsWithChannel: teams.filter((t) => t.digestChannel).length,
    plannedCycle: next?.name ?? null,
  };
}

/** Publishes the App Home for a Slack user; failures are logged, never thrown at a listener. */
export async function publishHome(deps: AppDeps, slackUserId: string, memo?: DigestMemo): Promise<void> {
  const person = await identify(deps, slackUserId);
  const home = await buildHome(deps, person, memo);
  const admin = await isAdmin(deps, slackUserId);
  const setup = home.cycleName ? undefined : { admin, ...(await setupState(deps.db)) };
  await publishHomeView(
    deps,
    slackUserId,
    renderHome({
      ...home,
      canAddKrs: admin || home.items.length > 0,
      ...(setup && { setup }),
      ...(admin && { teamsAdmin: await listTeams(deps.db), leadershipChannel: await leadershipChannel(deps) }),
    }),
  );
}
