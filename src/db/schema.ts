import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The one owner of the database shape. Dates are ISO `YYYY-MM-DD` text, instants are ISO UTC text.
 * The database enforces what it can (CHECKs, uniques, foreign keys); the app validates the rest.
 */

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/**
 * A Slack workspace okrbot serves. Row 1 is the workspace of a single-workspace install (its bot
 * token comes from the environment); OAuth installs add one row each. Every root aggregate
 * (cycles, teams, people, deliveries, settings, chart files, pending imports) carries its
 * workspace; everything else hangs off those.
 */
export const workspaces = sqliteTable('workspaces', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slackTeamId: text('slack_team_id').unique(),
  enterpriseId: text('enterprise_id'),
  name: text('name'),
  botUserId: text('bot_user_id'),
  botId: text('bot_id'),
  /** The bot token, AES-256-GCM under OKRBOT_TOKEN_KEY; null for row 1 (the environment's token) and once uninstalled. */
  botTokenEncrypted: text('bot_token_encrypted'),
  scopes: text('scopes'),
  installedBy: text('installed_by'),
  installedAt: text('installed_at').notNull().default(now),
  uninstalledAt: text('uninstalled_at'),
});
export type Workspace = typeof workspaces.$inferSelect;

// No foreign key on workspace_id: SQLite cannot add one to an existing table with a non-null
// default; the store sets it from the handle's workspace on every insert.
const workspaceId = () => integer('workspace_id').notNull().default(1);

export const cycles = sqliteTable(
  'cycles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    midDate: text('mid_date').notNull(),
    state: text('state', { enum: ['planned', 'active', 'closed'] })
      .notNull()
      .default('planned'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    check('cycles_state', sql`${t.state} IN ('planned', 'active', 'closed')`),
    check('cycles_dates', sql`${t.startDate} <= ${t.midDate} AND ${t.midDate} <= ${t.endDate}`),
    uniqueIndex('cycles_workspace_name').on(t.workspaceId, t.name),
    // At most one active cycle per workspace, so `/okr show O1-KR2` is never ambiguous.
    uniqueIndex('cycles_one_active')
      .on(t.workspaceId)
      .where(sql`${t.state} = 'active'`),
  ],
);

export const teams = sqliteTable(
  'teams',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    digestChannel: text('digest_channel'),
    /** ISO weekday, 1 = Monday … 7 = Sunday. */
    checkinWeekday: integer('checkin_weekday').notNull().default(1),
    checkinTime: text('checkin_time').notNull().default('10:00'),
    timezone: text('timezone').notNull().default('UTC'),
    reminderCount: integer('reminder_count').notNull().default(1),
    reminderDelayHours: integer('reminder_delay_hours').notNull().default(24),
    /** `weekly` or `biweekly` (weeks 1, 3, 5, …): domain/cadence.ts. */
    checkinCadence: text('checkin_cadence', { enum: ['weekly', 'biweekly'] })
      .notNull()
      .default('weekly'),
    /** Missed check-in weeks in a row after which the team's leads hear of it privately; null: off. */
    escalateAfterWeeks: integer('escalate_after_weeks'),
    /** The team's leads (Slack user ids, comma-separated): who hears of escalations; none: the admins. */
    leadUserIds: text('lead_user_ids'),
    /** DMs only go out between these local times. */
    quietEnd: text('quiet_end').notNull().default('09:00'),
    quietStart: text('quiet_start').notNull().default('18:00'),
    /** Null: the day after check-ins. */
    digestWeekday: integer('digest_weekday'),
    digestTime: text('digest_time').notNull().default('10:00'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('teams_workspace_name').on(t.workspaceId, t.name),
    check('teams_checkin_weekday', sql`${t.checkinWeekday} BETWEEN 1 AND 7`),
    check('teams_digest_weekday', sql`${t.digestWeekday} IS NULL OR ${t.digestWeekday} BETWEEN 1 AND 7`),
    check('teams_reminder_count', sql`${t.reminderCount} BETWEEN 0 AND 3`),
    check('teams_reminder_delay', sql`${t.reminderDelayHours} BETWEEN 0 AND 168`),
    check('teams_checkin_cadence', sql`${t.checkinCadence} IN ('weekly', 'biweekly')`),
    check('teams_escalate_after', sql`${t.escalateAfterWeeks} IS NULL OR ${t.escalateAfterWeeks} BETWEEN 1 AND 8`),
  ],
);

export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: workspaceId(),
    slackUserId: text('slack_user_id'),
    email: text('email'),
    name: text('name'),
    timezone: text('timezone'),
    timezoneRefreshedAt: text('timezone_refreshed_at'),
    /** The bot's DM conversation with this person (D…), learned via conversations.open when an in-doubt DM is reconciled. */
    dmChannel: text('dm_channel'),
    /** Inclusive local date. */
    oooUntil: text('ooo_until'),
    /** Set when check-in DMs stopped after 3 unanswered weeks; cleared by an answer or /okr back. */
    silencedAt: text('silenced_at'),
    /** When Slack said this person's account was deactivated (users.info or user_change `deleted`): no DMs then. */
    leftSlackAt: text('left_slack_at'),
    /** Away by their Slack status (an away emoji or word) since this instant; null when not. */
    statusAwaySince: text('status_away_since'),
    /** Until when that status says (its expiration, ISO instant); null: until the status changes. */
    statusAwayUntil: text('status_away_until'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    check('people_identity', sql`${t.slackUserId} IS NOT NULL OR ${t.email} IS NOT NULL`),
    uniqueIndex('people_workspace_slack_user').on(t.workspaceId, t.slackUserId),
    uniqueIndex('people_workspace_email').on(t.workspaceId, t.email),
  ],
);

export const objectives = sqliteTable(
  'objectives',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    key: text('key').notNull(),
    title: text('title').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('objectives_cycle_key').on(t.cycleId, t.key), index('objectives_team').on(t.teamId)],
);

export const keyResults = sqliteTable(
  'key_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    objectiveId: integer('objective_id')
      .notNull()
      .references(() => objectives.id),
    /** Denormalised from the objective so KR keys are unique per cycle. */
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id),
    key: text('key').notNull(),
    title: text('title').notNull(),
    ownerId: integer('owner_id').references(() => people.id),
    baseline: real('baseline'),
    target: real('target'),
    unit: text('unit'),
    currentValue: real('current_value'),
    status: text('status', { enum: ['active', 'paused', 'stopped'] })
      .notNull()
      .default('active'),
    grade: real('grade'),
    /** When the KR was last stopped (by a decision, an import or an edit); null while it runs. */
    stoppedAt: text('stopped_at'),
    /** What worked and what did not, recorded with the grade at cycle end. */
    learning: text('learning'),
    /** Where the number comes from: a dashboard or query link, or free text (the measurement plan). */
    measurement: text('measurement'),
    /** Where okrbot reads the value itself (JSON: prometheus, sql or http; see domain/sources.ts). */
    source: text('source'),
    gradedAt: text('graded_at'),
    gradedBy: integer('graded_by').references(() => people.id),
    position: integer('position').notNull().default(0),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('key_results_cycle_key').on(t.cycleId, t.key),
    index('key_results_owner').on(t.ownerId),
    index('key_results_objective').on(t.objectiveId),
    check('key_results_status', sql`${t.status} IN ('active', 'paused', 'stopped')`),
    check('key_results_grade', sql`${t.grade} IS NULL OR (${t.grade} BETWEEN 0 AND 1)`),
  ],
);

export const checkins = sqliteTable(
  'checkins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    krId: integer('kr_id')
      .notNull()
      .references(() => keyResults.id),
    week: integer('week').notNull(),
    confidence: integer('confidence').notNull(),
    evidence: text('evidence').notNull(),
    risks: text('risks'),
    nextAction: text('next_action'),
    value: real('value'),
    /** 1: stored by "Same as last week" (last week's answer carried over, not typed again). */
    carriedOver: integer('carried_over').notNull().default(0),
    authorId: integer('author_id').references(() => people.id),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('checkins_kr_week').on(t.krId, t.week),
    check('checkins_confidence', sql`${t.confidence} IN (0, 1, 2)`),
    check('checkins_week', sql`${t.week} >= 1`),
    check('checkins_evidence', sql`length(trim(${t.evidence})) > 0`),
  ],
);

/** Every earlier version of an edited check-in: no answer a person gave is ever lost. */
export const checkinHistory = sqliteTable(
  'checkin_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkinId: integer('checkin_id')
      .notNull()
      .references(() => checkins.id),
    confidence: integer('confidence').notNull(),
    evidence: text('evidence').notNull(),
    risks: text('risks'),
    nextAction: text('next_action'),
    value: real('value'),
    authorId: integer('author_id').references(() => people.id),
    /** When this version was written. */
    writtenAt: text('written_at').notNull(),
    replacedAt: text('replaced_at').notNull().default(now),
  },
  (t) => [index('checkin_history_checkin').on(t.checkinId)],
);

export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    krId: integer('kr_id')
      .notNull()
      .references(() => keyResults.id),
    /** `change`: a material edit of the KR after the cycle started (title, target, baseline, owner, status). */
    kind: text('kind', { enum: ['double_down', 'pivot', 'stop', 'change'] }).notNull(),
    /** Anyone in the team may propose; the KR owner or an admin confirms. */
    status: text('status', { enum: ['proposed', 'confirmed', 'rejected'] })
      .notNull()
      .default('confirmed'),
    proposedBy: integer('proposed_by').references(() => people.id),
    rationale: text('rationale').notNull(),
    newTitle: text('new_title'),
    newTarget: real('new_target'),
    decidedBy: integer('decided_by').references(() => people.id),
    decidedAt: text('decided_at').notNull().default(now),
    /** JSON of the KR as it was before this decision changed it. */
    snapshot: text('snapshot').notNull(),
  },
  (t) => [
    check('decisions_kind', sql`${t.kind} IN ('double_down', 'pivot', 'stop', 'change')`),
    check('decisions_status', sql`${t.status} IN ('proposed', 'confirmed', 'rejected')`),
    check('decisions_rationale', sql`length(trim(${t.rationale})) > 0`),
    index('decisions_kr').on(t.krId),
  ],
);

/**
 * What was sent to whom and why. `subject` identifies the thing within its purpose
 * (e.g. `cycle:3/week:5/person:12`); the unique pair is the claim that keeps every send single.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: workspaceId(),
    purpose: text('purpose').notNull(),
    subject: text('subject').notNull(),
    cycleId: integer('cycle_id').references(() => cycles.id),
    week: integer('week'),
    personId: integer('person_id').references(() => people.id),
    teamId: integer('team_id').references(() => teams.id),
    krId: integer('kr_id').references(() => keyResults.id),
    /**
     * claimed: being sent, or its outcome is in doubt (a crash, a timeout, a 5xx — `error` says
     * which) until reconciled from the conversation's history. skipped: nothing needed sending
     * after all (e.g. every KR already answered).
     */
    state: text('state', { enum: ['claimed', 'sent', 'failed', 'skipped'] })
      .notNull()
      .default('claimed'),
    channel: text('channel'),
    ts: text('ts'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    claimedAt: text('claimed_at').notNull().default(now),
    sentAt: text('sent_at'),
  },
  (t) => [
    uniqueIndex('deliveries_purpose_subject').on(t.workspaceId, t.purpose, t.subject),
    index('deliveries_person_week').on(t.personId, t.week),
    index('deliveries_cycle_purpose_week').on(t.cycleId, t.purpose, t.week),
    check('deliveries_state', sql`${t.state} IN ('claimed', 'sent', 'failed', 'skipped')`),
  ],
);

export type Cycle = typeof cycles.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Person = typeof people.$inferSelect;
export type Objective = typeof objectives.$inferSelect;
export type KeyResult = typeof keyResults.$inferSelect;
export type Checkin = typeof checkins.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type CheckinHistoryRow = typeof checkinHistory.$inferSelect;

/** Slack event ids already handled, so a retried event (X-Slack-Retry-Num) is not handled twice. */
export const processedEvents = sqliteTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  receivedAt: text('received_at').notNull().default(now),
  /** The event as received, kept for events that carry an answer (DM check-ins) until handled. */
  payload: text('payload'),
  /** When its handler finished; an answer-carrying event without it was cut off and is replayed at start-up. */
  doneAt: text('done_at'),
});

/** At most one process schedules against a database; the holder renews its lease every tick. */
export const schedulerLock = sqliteTable('scheduler_lock', {
  id: integer('id').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** Work linked to a KR (an epic, a PRD, a PR): the framework's traceability from work to outcomes. */
export const initiatives = sqliteTable(
  'initiatives',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    krId: integer('kr_id')
      .notNull()
      .references(() => keyResults.id),
    url: text('url').notNull(),
    title: text('title'),
    addedBy: integer('added_by').references(() => people.id),
    addedAt: text('added_at').notNull().default(now),
  },
  (t) => [uniqueIndex('initiatives_kr_url').on(t.krId, t.url)],
);
export type Initiative = typeof initiatives.$inferSelect;

/** Values okrbot read from a KR's source: each read, with its time, what it read from, or why it could not. */
export const krValues = sqliteTable(
  'kr_values',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    krId: integer('kr_id')
      .notNull()
      .references(() => keyResults.id),
    /** Null when the read failed (then `error` says why). */
    value: real('value'),
    error: text('error'),
    /** The source kind read (prometheus, sql, http). */
    kind: text('kind').notNull(),
    readAt: text('read_at').notNull(),
  },
  (t) => [index('kr_values_kr_read').on(t.krId, t.readAt)],
);
export type KrValue = typeof krValues.$inferSelect;

/** An OKR file an admin uploaded to the bot's DM, kept until they confirm (or it goes stale). */
export const pendingImports = sqliteTable('pending_imports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  workspaceId: workspaceId(),
  fileName: text('file_name').notNull(),
  content: text('content').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  createdAt: text('created_at').notNull().default(now),
  appliedAt: text('applied_at'),
});
export type PendingImport = typeof pendingImports.$inferSelect;

/**
 * Chart images already uploaded to Slack, by the SHA-256 of their PNG: the same picture (a digest
 * updated with nothing new, `/okr show` asked twice) is referenced again, never uploaded again.
 */
export const chartFiles = sqliteTable(
  'chart_files',
  {
    workspaceId: workspaceId(),
    sha256: text('sha256').notNull(),
    fileId: text('file_id').notNull(),
    uploadedAt: text('uploaded_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.sha256] })],
);

/** Workspace-wide settings set in Slack (the leadership channel), one row per key. */
export const settings = sqliteTable(
  'settings',
  {
    workspaceId: workspaceId(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

/** okrbot admins added in Slack (`/okr admins add`), besides OKR_ADMINS and the installer. */
export const admins = sqliteTable(
  'admins',
  {
    workspaceId: workspaceId(),
    slackUserId: text('slack_user_id').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: text('added_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.slackUserId] })],
);
