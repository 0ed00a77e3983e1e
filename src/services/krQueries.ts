import type { Cycle, Person, Team } from '../db/schema.js';
import { teamWeek, weekCount } from '../domain/time.js';
import type { DigestSelection } from '../domain/digest.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';
import { listCheckins } from '../store/checkins.js';
import { getActiveCycle, getCurrentCycle, getCycleByName } from '../store/cycles.js';
import { listDecisions } from '../store/decisions.js';
import { listInitiatives } from '../store/initiatives.js';
import { getKrInfo, listKrInfos } from '../store/keyResults.js';
import { getPersonBySlackId } from '../store/people.js';
import { getTeamByName, listTeams } from '../store/teams.js';
import type { MineItem } from '../views/krViews.js';
import type { CheckinMessageItem } from '../views/checkinMessage.js';
import { currentWeekOf } from './checkins.js';
import { checkinItems } from './weeklyDm.js';
import type { AppDeps } from './deps.js';
import { buildTeamDigest } from './digest.js';
import { mineItems } from './home.js';
import { editableKr } from './okrEditing.js';

/** What `/okr mine`, `show`, `checkin` and `digest` read: use cases returning data, worded by slack/commands.ts. */

/** The person a Slack user is, when okrbot knows them already (no Slack call: safe inside an ack). */
export async function knownPerson(deps: Pick<AppDeps, 'db'>, slackUserId: string): Promise<Person | undefined> {
  return getPersonBySlackId(deps.db, slackUserId);
}

export async function hasActiveCycle(deps: Pick<AppDeps, 'db'>): Promise<boolean> {
  return (await getActiveCycle(deps.db)) !== undefined;
}

export type MineResult =
  | { kind: 'no_cycle' }
  | { kind: 'owns_nothing'; cycleName: string }
  | { kind: 'ok'; cycleName: string; week: number | null; items: MineItem[] };

export async function mineOf(deps: AppDeps, person: Person | undefined): Promise<MineResult> {
  const c = await getActiveCycle(deps.db);
  if (!c) return { kind: 'no_cycle' };
  if (!person) return { kind: 'owns_nothing', cycleName: c.name };
  const week = await currentWeekOf(deps, c, person);
  return { kind: 'ok', cycleName: c.name, week, items: await mineItems(deps, c, person.id, week ?? weekCount(c)) };
}

export type ShowResult =
  | { kind: 'no_cycle'; cycleName?: string }
  | { kind: 'no_kr'; cycleName: string }
  | {
      kind: 'ok';
      cycle: Cycle;
      kr: KrInfo;
      checkins: CheckinInfo[];
      decisions: Awaited<ReturnType<typeof listDecisions>>;
      initiatives: Array<{ url: string; title: string | null }>;
      editable: boolean;
    };

/** A KR of the active cycle — or of a named or the most recent closed one: closed cycles stay readable. */
export async function showKr(deps: AppDeps, slackUserId: string, key: string, cycleName?: string): Promise<ShowResult> {
  const c = cycleName ? await getCycleByName(deps.db, cycleName) : await getCurrentCycle(deps.db);
  if (!c) return { kind: 'no_cycle', ...(cycleName && { cycleName }) };
  const kr = await getKrInfo(deps.db, c.id, key);
  if (!kr) return { kind: 'no_kr', cycleName: c.name };
  const editable = c.state !== 'closed' && (await editableKr(deps, slackUserId, kr.key)).ok;
  const initiatives = (await listInitiatives(deps.db, [kr.id])).get(kr.id) ?? [];
  return {
    kind: 'ok',
    cycle: c,
    kr,
    checkins: await listCheckins(deps.db, [kr.id]),
    decisions: await listDecisions(deps.db, kr.id),
    initiatives,
    editable,
  };
}

/** A KR of the active cycle by its id, or why not. */
export async function activeKr(
  deps: Pick<AppDeps, 'db'>,
  key: string,
): Promise<{ cycle: Cycle; kr: KrInfo } | { cycle: Cycle | undefined; kr: undefined }> {
  const cycle = await getActiveCycle(deps.db);
  const kr = cycle ? await getKrInfo(deps.db, cycle.id, key) : undefined;
  return kr ? { cycle: cycle!, kr } : { cycle, kr: undefined };
}

export type CheckinChoice =
  | { kind: 'no_cycle' }
  | { kind: 'owns_nothing'; cycleName: string }
  | { kind: 'no_current_week'; cycleName: string }
  | { kind: 'done'; week: number }
  | { kind: 'pending'; week: number; items: CheckinMessageItem[] };

/** `/okr checkin` without an id: the KRs this person still owes a check-in this week. */
export async function pendingCheckins(deps: AppDeps, person: Person | undefined): Promise<CheckinChoice> {
  const c = await getActiveCycle(deps.db);
  if (!c) return { kind: 'no_cycle' };
  if (!person) return { kind: 'owns_nothing', cycleName: c.name };
  const week = await currentWeekOf(deps, c, person);
  if (week === null) return { kind: 'no_current_week', cycleName: c.name };
  const items = await checkinItems(deps.db, c, person.id, week);
  if (items.length === 0) return { kind: 'owns_nothing', cycleName: c.name };
  const pending = items.filter((i) => !i.current);
  return pending.length ? { kind: 'pending', week, items: pending } : { kind: 'done', week };
}

export type DigestPreview =
  | { kind: 'no_cycle' }
  | { kind: 'no_such_team'; teams: string[] }
  | { kind: 'which_team'; teams: string[] }
  | { kind: 'no_current_week'; cycleName: string }
  | { kind: 'ok'; cycle: Cycle; team: Team; week: number; selection: DigestSelection };

/** `/okr digest [team]`: a team's digest this week (the asker's own team when they have one). */
export async function digestPreview(
  deps: AppDeps,
  person: Person | undefined,
  teamName?: string,
): Promise<DigestPreview> {
  const c = await getActiveCycle(deps.db);
  if (!c) return { kind: 'no_cycle' };
  const all = await listTeams(deps.db);
  let team = teamName ? await getTeamByName(deps.db, teamName) : undefined;
  if (teamName && !team) return { kind: 'no_such_team', teams: all.map((t) => t.name) };
  if (!team) {
    const mineTeams = person
      ? new Set((await listKrInfos(deps.db, { cycleId: c.id, ownerId: person.id })).map((k) => k.teamId))
      : new Set<number>();
    const candidates = mineTeams.size ? all.filter((t) => mineTeams.has(t.id)) : all;
    if (candidates.length !== 1) return { kind: 'which_team', teams: all.map((t) => t.name) };
    team = candidates[0]!;
  }
  const week = teamWeek(c, team, deps.clock());
  if (week === null) return { kind: 'no_current_week', cycleName: c.name };
  const selection = await buildTeamDigest(deps.db, c, team, week);
  // A biweekly team's digest is that of its last check-in week.
  return { kind: 'ok', cycle: c, team, week: selection.week, selection };
}
