/**
 * Column lists for the hand-written hot-path queries (the weekly fan-out touches each once per
 * owner): `db.raw` prepares them once per connection, ~10× cheaper than building a query each call.
 * Aliases are the schema's camelCase names, double-quoted so PostgreSQL keeps their case.
 */

export const DELIVERY_COLUMNS = `id, workspace_id AS "workspaceId", purpose, subject, cycle_id AS "cycleId", week, person_id AS "personId", team_id AS "teamId", kr_id AS "krId",
  state, channel, ts, error, attempts, claimed_at AS "claimedAt", sent_at AS "sentAt"`;

export const PERSON_COLUMNS = `id, workspace_id AS "workspaceId", slack_user_id AS "slackUserId", email, name, timezone, timezone_refreshed_at AS "timezoneRefreshedAt",
  dm_channel AS "dmChannel", ooo_until AS "oooUntil", silenced_at AS "silencedAt", left_slack_at AS "leftSlackAt",
  status_away_since AS "statusAwaySince", status_away_until AS "statusAwayUntil", created_at AS "createdAt"`;

export const TEAM_COLUMNS = `id, workspace_id AS "workspaceId", name, digest_channel AS "digestChannel",
  checkin_weekday AS "checkinWeekday", checkin_time AS "checkinTime", timezone, reminder_count AS "reminderCount",
  reminder_delay_hours AS "reminderDelayHours", checkin_cadence AS "checkinCadence",
  escalate_after_weeks AS "escalateAfterWeeks", lead_user_ids AS "leadUserIds", quiet_end AS "quietEnd",
  quiet_start AS "quietStart", digest_weekday AS "digestWeekday", digest_time AS "digestTime", created_at AS "createdAt"`;

export const CHECKIN_COLUMNS = `id, kr_id AS "krId", week, confidence, evidence, risks, next_action AS "nextAction", value,
  author_id AS "authorId", carried_over AS "carriedOver", created_at AS "createdAt", updated_at AS "updatedAt"`;

export const CYCLE_COLUMNS = `id, workspace_id AS "workspaceId", name, start_date AS "startDate", end_date AS "endDate", mid_date AS "midDate", state, created_at AS "createdAt"`;
