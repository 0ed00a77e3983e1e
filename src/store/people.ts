import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { PERSON_COLUMNS, prepared } from './prepared.js';
import { people, type Person } from '../db/schema.js';
import { writeTransaction } from './tx.js';

/** An owner as written in an OKR file or a command: a Slack user id or an email. */
export function isEmail(owner: string): boolean {
  return owner.includes('@');
}

export function findPersonByOwner(db: Db, owner: string): Person | undefined {
  return isEmail(owner)
    ? (prepared(db, `SELECT ${PERSON_COLUMNS} FROM people WHERE email = ?`).get(owner.toLowerCase()) as Person | undefined)
    : getPersonBySlackId(db, owner);
}

export function findOrCreatePerson(db: Db, owner: string): Person {
  const found = findPersonByOwner(db, owner);
  if (found) return found;
  const values = isEmail(owner) ? { email: owner.toLowerCase() } : { slackUserId: owner };
  return db.insert(people).values(values).returning().get();
}

export function getPersonBySlackId(db: Db, slackUserId: string): Person | undefined {
  return prepared(db, `SELECT ${PERSON_COLUMNS} FROM people WHERE slack_user_id = ?`).get(slackUserId) as Person | undefined;
}

export function getPerson(db: Db, id: number): Person | undefined {
  return prepared(db, `SELECT ${PERSON_COLUMNS} FROM people WHERE id = ?`).get(id) as Person | undefined;
}

/** Same person whichever identity the owner string uses. */
export function ownerMatches(person: Pick<Person, 'slackUserId' | 'email'> | undefined, owner: string | undefined): boolean {
  if (!person) return owner === undefined;
  if (owner === undefined) return false;
  return owner === person.slackUserId || owner.toLowerCase() === person.email;
}

/** How an owner is written back out: the Slack id once known, else the email. */
export function ownerString(person: Pick<Person, 'slackUserId' | 'email'> | undefined | null): string | undefined {
  return person ? (person.slackUserId ?? person.email ?? undefined) : undefined;
}

export function updatePerson(db: Db, id: number, changes: Partial<Pick<Person, 'slackUserId' | 'email' | 'name' | 'timezone' | 'timezoneRefreshedAt' | 'dmChannel' | 'oooUntil' | 'silencedAt'>>): void {
  db.update(people).set(changes).where(eq(people.id, id)).run();
}

/**
 * Gives a person (known by email) their Slack id. If someone else already has that id (the same
 * human was also given as U… elsewhere), the email-only record is folded into that one.
 */
export function attachSlackId(db: Db, personId: number, slackUserId: string): Person {
  return writeTransaction(db, (tx) => {
    const other = tx.select().from(people).where(eq(people.slackUserId, slackUserId)).get();
    const self = tx.select().from(people).where(eq(people.id, personId)).get();
    if (!self) throw new Error(`no person ${personId}`);
    if (!other || other.id === personId) {
      tx.update(people).set({ slackUserId }).where(eq(people.id, personId)).run();
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
      tx.run(sql.raw(`UPDATE ${table} SET ${column} = ${other.id} WHERE ${column} = ${self.id}`));
    }
    tx.delete(people).where(eq(people.id, self.id)).run();
    if (!other.email && self.email) tx.update(people).set({ email: self.email }).where(eq(people.id, other.id)).run();
    return tx.select().from(people).where(eq(people.id, other.id)).get()!;
  });
}

/** People out of office on or after a date: person id → last day away (inclusive). */
export function listAwayOwners(db: Db, fromDate: string): Map<number, string> {
  const rows = prepared(db, 'SELECT id, ooo_until AS until FROM people WHERE ooo_until >= ?').all(fromDate) as Array<{ id: number; until: string }>;
  return new Map(rows.map((r) => [r.id, r.until]));
}
