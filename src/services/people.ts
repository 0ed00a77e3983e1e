import type { Db } from '../db/client.js';
import type { Person } from '../db/schema.js';
import { prepared } from '../store/prepared.js';
import { isValidZone } from '../domain/time.js';
import { attachSlackId, findOrCreatePerson, findPersonByOwner, getPerson, getPersonBySlackId, updatePerson } from '../store/people.js';
import { slackErrorCode, type AppDeps } from './deps.js';

/** How long a cached Slack time zone is trusted before users.info is asked again. */
export const TIMEZONE_TTL_MS = 7 * 24 * 3600 * 1000;

export class UnreachableError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'UnreachableError';
  }
}

/** The zone a person's week is counted in: theirs from Slack, else their (first) team's, else UTC. */
export function zoneOf(db: Db, person: Pick<Person, 'id' | 'timezone'>): string {
  if (person.timezone && isValidZone(person.timezone)) return person.timezone;
  const team = prepared(
    db,
    'SELECT t.timezone FROM key_results kr JOIN objectives o ON o.id = kr.objective_id JOIN teams t ON t.id = o.team_id WHERE kr.owner_id = ? ORDER BY kr.id LIMIT 1',
  ).get(person.id) as { timezone: string } | undefined;
  return team?.timezone ?? 'UTC';
}

/** The person behind a Slack user, created on first contact (e.g. an admin acting for someone). */
export function personForSlackUser(db: Db, slackUserId: string): Person {
  return findOrCreatePerson(db, slackUserId);
}

/**
 * Makes sure an owner can be DMed: resolves an email owner to a Slack id (users.lookupByEmail) and
 * refreshes a stale time zone (users.info). Throws UnreachableError when Slack says the person
 * cannot be found; other Slack failures leave the cached data as it is.
 */
export async function prepareRecipient(deps: AppDeps, personId: number): Promise<Person> {
  let person = getPerson(deps.db, personId);
  if (!person) throw new UnreachableError('person_not_found');
  if (!person.slackUserId) {
    if (!person.email) throw new UnreachableError('no_slack_identity');
    try {
      const res = await deps.client.users.lookupByEmail({ email: person.email });
      const id = res.user?.id;
      if (!id) throw new UnreachableError('user_not_found');
      person = attachSlackId(deps.db, person.id, id);
      cacheProfile(deps, person, res.user as SlackUserProfile);
      person = getPerson(deps.db, person.id)!;
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      const code = slackErrorCode(e);
      if (code === 'users_not_found') throw new UnreachableError('user_not_found');
      throw e;
    }
  }
  const refreshedAt = person.timezoneRefreshedAt ? Date.parse(person.timezoneRefreshedAt) : 0;
  if (!person.timezone || deps.clock().getTime() - refreshedAt > TIMEZONE_TTL_MS) {
    try {
      const res = await deps.client.users.info({ user: person.slackUserId! });
      if (res.user?.deleted) throw new UnreachableError('account_inactive');
      cacheProfile(deps, person, res.user as SlackUserProfile);
      person = getPerson(deps.db, person.id)!;
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      const code = slackErrorCode(e);
      if (code === 'user_not_found' || code === 'account_inactive') throw new UnreachableError(code);
      deps.logger.warn('could not refresh profile; using cached time zone', { personId: person.id, error: code });
    }
  }
  return person;
}

interface SlackUserProfile {
  tz?: string;
  real_name?: string;
  name?: string;
  profile?: { display_name?: string; real_name?: string; email?: string };
}

function cacheProfile(deps: AppDeps, person: Person, user: SlackUserProfile | undefined): void {
  if (!user) return;
  const name = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || person.name;
  updatePerson(deps.db, person.id, {
    ...(user.tz && isValidZone(user.tz) && { timezone: user.tz }),
    timezoneRefreshedAt: deps.clock().toISOString(),
    name: name ?? null,
  });
}

/**
 * The person record for whoever is talking to the bot. Owners imported by email are matched on
 * first contact through users.info (users:read.email), so they are recognised before their first DM.
 */
export async function identify(deps: AppDeps, slackUserId: string): Promise<Person | undefined> {
  const known = getPersonBySlackId(deps.db, slackUserId);
  if (known) return known;
  try {
    const res = await deps.client.users.info({ user: slackUserId });
    const email = (res.user as SlackUserProfile | undefined)?.profile?.email?.toLowerCase();
    if (!email) return undefined;
    const byEmail = findPersonByOwner(deps.db, email);
    if (!byEmail) return undefined;
    const person = attachSlackId(deps.db, byEmail.id, slackUserId);
    cacheProfile(deps, person, res.user as SlackUserProfile);
    return getPerson(deps.db, person.id);
  } catch (e) {
    deps.logger.warn('could not look up Slack user', { error: slackErrorCode(e) });
    return undefined;
  }
}
