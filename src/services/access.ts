import type { KrInfo } from '../domain/types.js';
import { listKrInfos } from '../store/keyResults.js';
import { getPersonBySlackId } from '../store/people.js';
import { isAdmin } from './admins.js';
import type { AppDeps } from './deps.js';

/**
 * The one access policy. Every surface (DM, modal, `/okr`, App Home, import, CLI-free services)
 * asks it who may do what:
 * - an **admin** runs okrbot (imports, team settings, cycles, leadership channel, admins) and may
 *   act on any KR;
 * - a KR's **owner** checks in, edits, grades and confirms decisions on it;
 * - a **team member** (someone who owns a KR in that team this cycle) proposes decisions, adds KRs
 *   to the team's objectives and links work to its KRs.
 * Refusals are worded once, in views/access.ts.
 */

export interface Actor {
  slackUserId: string;
  admin: boolean;
  /** The person okrbot knows for this Slack user, if any. */
  personId: number | null;
  /** Teams in which they own a KR this cycle. */
  teamIds: ReadonlySet<number>;
}

/** Who a Slack user is to okrbot in a cycle (one read of admins, one of their KRs). */
export async function actorFor(
  deps: Pick<AppDeps, 'db' | 'admins'>,
  slackUserId: string,
  cycleId: number | null,
): Promise<Actor> {
  const admin = await isAdmin(deps, slackUserId);
  const person = await getPersonBySlackId(deps.db, slackUserId);
  const owned = person && cycleId !== null ? await listKrInfos(deps.db, { cycleId, ownerId: person.id }) : [];
  return { slackUserId, admin, personId: person?.id ?? null, teamIds: new Set(owned.map((k) => k.teamId)) };
}

/** Owner or admin: check in, edit, grade, confirm a decision. */
export function mayActOnKr(actor: Actor, kr: Pick<KrInfo, 'ownerId'>): boolean {
  return actor.admin || (actor.personId !== null && kr.ownerId === actor.personId);
}

/** A member of the team (or an admin): propose a decision, add a KR to its objectives, link work. */
export function isMemberOf(actor: Actor, teamId: number): boolean {
  return actor.admin || actor.teamIds.has(teamId);
}

/** The KR's owner, or an admin (for one KR, without reading the actor's other KRs). */
export async function mayActOn(
  deps: Pick<AppDeps, 'db' | 'admins'>,
  slackUserId: string,
  kr: Pick<KrInfo, 'ownerId'>,
): Promise<boolean> {
  // The same rule as mayActOnKr, without reading the person's other KRs (no team needed here).
  if (await isAdmin(deps, slackUserId)) return true;
  const person = await getPersonBySlackId(deps.db, slackUserId);
  return mayActOnKr({ slackUserId, admin: false, personId: person?.id ?? null, teamIds: new Set() }, kr);
}
