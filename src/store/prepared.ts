import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/client.js';

/**
 * Prepared statements for the hot paths (the weekly fan-out touches each of these once per owner).
 * Drizzle builds and prepares a statement on every call; preparing once per connection is ~10×
 * cheaper. Columns are aliased to the schema's camelCase names so rows match Drizzle's types.
 */
const cache = new WeakMap<object, Map<string, Statement>>();

export function prepared(db: Db, sql: string): Statement {
  // A Drizzle transaction object has no $client, but shares the connection through its session.
  const client = db.$client ?? (db as unknown as { session: { client: Db['$client'] } }).session.client;
  let map = cache.get(client);
  if (!map) cache.set(client, (map = new Map()));
  let st = map.get(sql);
  if (!st) map.set(sql, (st = client.prepare(sql)));
  return st;
}

export const DELIVERY_COLUMNS = `id, purpose, subject, cycle_id AS cycleId, week, person_id AS personId, team_id AS teamId, kr_id AS krId,
  state, channel, ts, error, attempts, claimed_at AS claimedAt, sent_at AS sentAt`;

export const PERSON_COLUMNS = `id, slack_user_id AS slackUserId, email, name, timezone, timezone_refreshed_at AS timezoneRefreshedAt,
  dm_channel AS dmChannel, ooo_until AS oooUntil, silenced_at AS silencedAt, created_at AS createdAt`;

export const CHECKIN_COLUMNS = `id, kr_id AS krId, week, confidence, evidence, risks, next_action AS nextAction, value,
  author_id AS authorId, created_at AS createdAt, updated_at AS updatedAt`;
