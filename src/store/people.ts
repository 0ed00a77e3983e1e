import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { PERSON_COLUMNS } from './prepared.js';
import type { Person } from '../db/schema.js';

/** An owner as written in an OKR file or a command: a Slack user id or an email. */
export function isEmail(owner: string): boolean {
  return owner.includes('@');
}

export async function findPersonByOwner(db: Db, owner: string): Promise<Person | undefined> {
  return isEmail(owner)
    ? (
        await db.raw<Person>(`SELECT ${PERSON_COLUMNS} FROM people WHERE workspace_id = ? AND email = ?`, [
          db.workspaceId,
          owner.toLowerCase(),
        ])
      )[0]
    : await getPersonBySlackId(db, owner);
}

export async function findOrCreatePerson(db: Db, owner: string): Promise<Person> {
  const found = await findPersonByOwner(db, owner);
  if (found) return found;
  const values = isEmail(owner) ? { email: owner.toLowerCase() } : { slackUserId: owner };
  return (await db.first(
    db
      .insert(db.t.people)
      .values({ ...values, workspaceId: db.workspaceId })
      .returning(),
  ))!;
}

export async function getPersonBySlackId(db: Db, slackUserId: string): Promise<Person | undefined> {
  return (
    await db.raw<Person>(`SELECT ${PERSON_COLUMNS} FROM people WHERE workspace_id = ? AND slack_user_id = ?`, [
      db.workspaceId,
      slackUserId,
    ])
  )[0];
}

export async function getPerson(db: Db, id: number): Promise<Person | undefined> {
  return (
    await db.raw<Person>(`SELECT ${PERSON_COLUMNS} FROM people WHERE workspace_id = ? AND id = ?`, [db.workspaceId, id])
  )[0];
}

/** Same person whichever identity the owner string uses. */
export function ownerMatches(
  person: Pick<Person, 'slackUserId' | 'email'> | undefined,
  owner: string | undefined,
): boolean {
  if (!person) return owner === undefined;
  if (owner === undefined) return false;
  return owner === person.slackUserId || owner.toLowerCase() === person.email;
}

/** How an owner is written back out: the Slack id once known, else the email. */
export function ownerString(person: Pick<Person, 'slackUserId' | 'email'> | undefined | null): string | undefined {
  return person ? (person.slackUserId ?? person.email ?? undefined) : undefined;
}

export async function updatePerson(
  db: Db,
  id: number,
  changes: Partial<
    Pick<
      Person,
      | 'slackUserId'
      | 'email'
      | 'name'
      | 'timezone'
      | 'timezoneRefreshedAt'
      | 'dmChannel'
      | 'oooUntil'
      | 'silencedAt'
      | 'leftSlackAt'
    >
  >,
): Promise<void> {
  const { people } = db.t;
  await db.exec(
    db
      .update(people)
      .set(changes)
      .where(and(eq(people.workspaceId, db.workspaceId), eq(people.id, id))),
  );
}

/**
 * Gives a person (known by email) their Slack id. If someone else already has that id (the same
 * human was also given as U… elsewhere), the email-only record is folded into that one.
 */
export async function attachSlackId(db: Db, personId: number, slackUserId: string): Promise<Person> {
  const { people } = db.t;
  return db.atomic(async (tx) => {
    const mine = eq(people.workspaceId, tx.workspaceId);
    const other = await tx.first(
      tx
        .select()
        .from(people)
        .where(and(mine, eq(people.slackUserId, slackUserId))),
    );
    const self = await tx.first(
      tx
        .select()
        .from(people)
        .where(and(mine, eq(people.id, personId))),
    );
    if (!self) throw new Error(`no person ${personId}`);
    if (!other || other.id === personId) {
      await tx.exec(tx.update(people).set({ slackUserId }).where(eq(people.id, personId)));
      return { ...self, slackUserId };
    }
    for (const [table, column] of [
      ['key_results', 'owner_id'],
      ['key_results', 'graded_by'],
      ['checkins', 'author_id'],
      ['checkin_history', 'author_id'],
      ['decisions', 'decided_by'],
      ['deliveries', 'person_id'],
      ['initiatives', 'added_by'],
    ] as const) {
      await tx.raw(`UPDATE ${table} SET ${column} = ? WHERE ${column} = ?`, [other.id, self.id]);
    }
    await tx.exec(tx.delete(people).where(eq(people.id, self.id)));
    if (!other.email && self.email)
      await tx.exec(tx.update(people).set({ email: self.email }).where(eq(people.id, other.id)));
    return (await tx.first(tx.select().from(people).where(eq(people.id, other.id))))!;
  });
}

/** People out of office on or after a date: person id → last day away (inclusive). */
export async function listAwayOwners(db: Db, week: { first: string; last: string }): Promise<Map<number, string>> {
  const rows = await db.raw<{ id: number; until: string }>(
    'SELECT id, ooo_until AS until FROM people WHERE workspace_id = ? AND ooo_until >= ?',
    [db.workspaceId, week.first],
  );
  // Away by Slack status at some point in the week ('' when until it changes; a date when it expires).
  const byStatus = await db.raw<{ id: number; since: string; until: string | null }>(
    `SELECT id, status_away_since AS since, status_away_until AS until FROM people
     WHERE workspace_id = ? AND status_away_since IS NOT NULL AND status_away_since < ?
     AND (status_away_until IS NULL OR status_away_until >= ?)`,
    [db.workspaceId, `${week.last}T24`, week.first],
  );
  const away = new Map(rows.map((r) => [r.id, r.until]));
  for (const r of byStatus) if (!away.has(r.id)) away.set(r.id, r.until ? r.until.slice(0, 10) : '');
  return away;
}

/** People whose Slack account is deactivated. */
export async function listPeopleWhoLeft(db: Db): Promise<Person[]> {
  return db.raw<Person>(
    `SELECT ${PERSON_COLUMNS} FROM people WHERE workspace_id = ? AND left_slack_at IS NOT NULL ORDER BY id`,
    [db.workspaceId],
  );
}
