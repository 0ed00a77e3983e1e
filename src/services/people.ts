import type { Db } from '../db/client.js';
import type { Person } from '../db/schema.js';
import { isValidZone, localDate, zoneFor } from '../domain/time.js';
import { awayFromStatus, awayMarkers, isStatusAway, type SlackStatus } from '../domain/away.js';
import { isOutOfOffice } from '../domain/due.js';
import { getSetting } from '../store/settings.js';
import { fallbackTeamZone, type OwnerWithTeams } from '../store/owners.js';
import {
  attachSlackId,
  findOrCreatePerson,
  findPersonByOwner,
  getPerson,
  getPersonBySlackId,
  updatePerson,
} from '../store/people.js';
import { slackErrorCode, type AppDeps } from './deps.js';

/** How long a cached Slack time zone is trusted before users.info is asked again. */
export const TIMEZONE_TTL_MS = 7 * 24 * 3600 * 1000;
/**
 * Right before an owner's weekly DM their zone is checked again if older than this, so someone who
 * moved is asked at their new local time even if okrbot missed the user_change event.
 */
export const ZONE_FRESH_FOR_DM_MS = 12 * 3600 * 1000;

export class UnreachableError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'UnreachableError';
  }
}

/** The zone a person's week is counted in (see zoneFor), for one person looked up on its own. */
export async function zoneOf(db: Db, person: Pick<Person, 'id' | 'timezone'>, cycleId: number | null): Promise<string> {
  return zoneFor(
    person.timezone,
    person.timezone && isValidZone(person.timezone) ? [] : await fallbackTeamZone(db, person.id, cycleId),
  );
}

/** A person's "today": the local date in the zone their week is counted in (out of office, App Home, /okr ooo). */
export async function todayOf(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  person: Pick<Person, 'id' | 'timezone'>,
  cycleId: number | null,
): Promise<string> {
  return localDate(deps.clock(), await zoneOf(deps.db, person, cycleId));
}

/** The Slack user behind a person, when known. */
export async function slackIdOf(deps: Pick<AppDeps, 'db'>, personId: number): Promise<string | null> {
  return (await getPerson(deps.db, personId))?.slackUserId ?? null;
}

/** The same rule for an owner loaded with their teams by the scheduler. */
export function ownerZone(o: OwnerWithTeams): string {
  return zoneFor(
    o.person.timezone,
    o.teams.map((t) => t.timezone),
  );
}

/** The person behind a Slack user, created on first contact (e.g. an admin acting for someone). */
export async function personForSlackUser(db: Db, slackUserId: string): Promise<Person> {
  return findOrCreatePerson(db, slackUserId);
}

/**
 * Makes sure an owner can be DMed: resolves an email owner to a Slack id (users.lookupByEmail) and
 * refreshes a stale time zone (users.info). Throws UnreachableError when Slack says the person
 * cannot be found; other Slack failures leave the cached data as it is.
 */
export async function prepareRecipient(deps: AppDeps, personId: number, maxAgeMs = TIMEZONE_TTL_MS): Promise<Person> {
  let person = await getPerson(deps.db, personId);
  if (!person) throw new UnreachableError('person_not_found');
  if (person.leftSlackAt) throw new UnreachableError(LEFT_SLACK);
  if (!person.slackUserId) {
    if (!person.email) throw new UnreachableError('no_slack_identity');
    try {
      const res = await deps.client.users.lookupByEmail({ email: person.email });
      const id = res.user?.id;
      if (!id) throw new UnreachableError('user_not_found');
      person = await attachSlackId(deps.db, person.id, id);
      await cacheProfile(deps, person, res.user as SlackUserProfile);
      person = (await getPerson(deps.db, person.id))!;
      if (res.user?.deleted) {
        await recordLeftSlack(deps, person);
        throw new UnreachableError(LEFT_SLACK);
      }
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      const code = slackErrorCode(e);
      if (code === 'users_not_found') throw new UnreachableError('user_not_found');
      throw e;
    }
  }
  const refreshedAt = person.timezoneRefreshedAt ? Date.parse(person.timezoneRefreshedAt) : 0;
  if (!person.timezone || deps.clock().getTime() - refreshedAt > maxAgeMs) {
    try {
      const res = await deps.client.users.info({ user: person.slackUserId! });
      if (res.user?.deleted) {
        await recordLeftSlack(deps, person);
        throw new UnreachableError(LEFT_SLACK);
      }
      await cacheProfile(deps, person, res.user as SlackUserProfile);
      person = (await getPerson(deps.db, person.id))!;
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      const code = slackErrorCode(e);
      if (code === 'user_not_found') throw new UnreachableError(code);
      deps.logger.warn('could not refresh profile; using cached time zone', { personId: person.id, error: code });
    }
  }
  return person;
}

interface SlackUserProfile {
  tz?: string;
  real_name?: string;
  name?: string;
  profile?: { display_name?: string; real_name?: string; email?: string } & SlackStatus;
}

/**
 * Slack's user_change event: a known person's new zone and name are taken at once, so the next
 * DM already goes out at their new local time. Unknown users are ignored (nothing is written).
 */
export async function learnProfileChange(
  deps: AppDeps,
  user: SlackUserProfile & { id?: string; deleted?: boolean },
): Promise<boolean> {
  if (!user.id) return false;
  const person = await getPersonBySlackId(deps.db, user.id);
  if (!person) return false;
  await cacheProfile(deps, person, user);
  if (user.deleted === true) await recordLeftSlack(deps, person);
  else if (user.deleted === false && person.leftSlackAt) {
    await updatePerson(deps.db, person.id, { leftSlackAt: null }); // reactivated: asked again from the next week
    deps.logger.info('person is back in Slack', { personId: person.id });
  }
  return true;
}

/** Why a person gets no DM: Slack says their account is deactivated. */
export const LEFT_SLACK = 'left_slack';

/** Whether okrbot may DM a person this week: not paused after weeks of silence, not gone from Slack. */
export function receivesDms(person: Pick<Person, 'silencedAt' | 'leftSlackAt'>): boolean {
  return !person.silencedAt && !person.leftSlackAt;
}

/**
 * Whether a person is out of office at an instant — the one rule the check-in DM, reminders and
 * escalation ask: `/okr ooo` (a local date, inclusive) or an away Slack status (until it expires).
 */
export function isAway(
  person: Pick<Person, 'oooUntil' | 'statusAwaySince' | 'statusAwayUntil'>,
  now: Date,
  zone: string,
): boolean {
  return isOutOfOffice(person.oooUntil, now, zone) || isStatusAway(person, now);
}

/**
 * Slack said this person's account is deactivated (posting to them would still succeed, so this
 * is the only signal): no more DMs from now on. The admins hear of it from services/departures.ts.
 */
export async function recordLeftSlack(deps: Pick<AppDeps, 'db' | 'clock' | 'logger'>, person: Person): Promise<void> {
  if (person.leftSlackAt) return;
  await updatePerson(deps.db, person.id, { leftSlackAt: deps.clock().toISOString() });
  deps.logger.info('person left Slack: no more DMs', { personId: person.id });
}

async function cacheProfile(deps: AppDeps, person: Person, user: SlackUserProfile | undefined): Promise<void> {
  if (!user) return;
  const name = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || person.name;
  // A profile without status fields (some payloads leave them out) says nothing about being away.
  const status = user.profile && 'status_text' in user.profile ? user.profile : null;
  const markers = status ? awayMarkers(await getSetting(deps.db, 'away_statuses')) : [];
  await updatePerson(deps.db, person.id, {
    ...(user.tz && isValidZone(user.tz) && { timezone: user.tz }),
    timezoneRefreshedAt: deps.clock().toISOString(),
    name: name ?? null,
    ...(status && awayFromStatus(status, markers, deps.clock(), person.statusAwaySince)),
  });
}

/**
 * The person record for whoever is talking to the bot. Owners imported by email are matched on
 * first contact through users.info (users:read.email), so they are recognised before their first DM.
 */
export async function identify(deps: AppDeps, slackUserId: string): Promise<Person | undefined> {
  const known = await getPersonBySlackId(deps.db, slackUserId);
  if (known) return known;
  try {
    const res = await deps.client.users.info({ user: slackUserId });
    const email = (res.user as SlackUserProfile | undefined)?.profile?.email?.toLowerCase();
    if (!email) return undefined;
    const byEmail = await findPersonByOwner(deps.db, email);
    if (!byEmail) return undefined;
    const person = await attachSlackId(deps.db, byEmail.id, slackUserId);
    await cacheProfile(deps, person, res.user as SlackUserProfile);
    return getPerson(deps.db, person.id);
  } catch (e) {
    deps.logger.warn('could not look up Slack user', { error: slackErrorCode(e) });
    return undefined;
  }
}

/** users.info calls one inbound text may spend on names not stored yet (the rest show as ids). */
const NAME_LOOKUPS_PER_TEXT = 5;

/** Names of Slack users mentioned in someone's text: the stored name, else Slack's (users.info). */
export async function mentionNames(deps: AppDeps, slackUserIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let lookups = 0;
  for (const id of slackUserIds) {
    const stored = (await getPersonBySlackId(deps.db, id))?.name;
    if (stored) {
      names.set(id, stored);
      continue;
    }
    if (lookups++ >= NAME_LOOKUPS_PER_TEXT) continue;
    try {
      const user = (await deps.client.users.info({ user: id })).user as SlackUserProfile | undefined;
      const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name;
      if (name) names.set(id, name);
    } catch (e) {
      deps.logger.debug('could not look up a mentioned user', { error: slackErrorCode(e) });
    }
  }
  return names;
}
