import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people, type Person } from '../db/schema.js';

/** An owner as written in an OKR file or a command: a Slack user id or an email. */
export function isEmail(owner: string): boolean {
  return owner.includes('@');
}

export function findPersonByOwner(db: Db, owner: string): Person | undefined {
  return isEmail(owner)
    ? db.select().from(people).where(eq(people.email, owner.toLowerCase())).get()
    : db.select().from(people).where(eq(people.slackUserId, owner)).get();
}

export function findOrCreatePerson(db: Db, owner: string): Person {
  const found = findPersonByOwner(db, owner);
  if (found) return found;
  const values = isEmail(owner) ? { email: owner.toLowerCase() } : { slackUserId: owner };
  return db.insert(people).values(values).returning().get();
}

export function getPersonBySlackId(db: Db, slackUserId: string): Person | undefined {
  return db.select().from(people).where(eq(people.slackUserId, slackUserId)).get();
}

export function getPerson(db: Db, id: number): Person | undefined {
  return db.select().from(people).where(eq(people.id, id)).get();
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
