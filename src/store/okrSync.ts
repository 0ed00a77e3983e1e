import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Cycle, Person } from '../db/schema.js';
import { leadsText } from '../domain/teamSettings.js';
import { localDate, midpointDate, parseWeekday, weekdayName } from '../domain/time.js';
import type { OkrDoc, OkrDocTeam } from '../okrs/format.js';
import { syncObjective } from './okrSyncKrs.js';
import { fmt, type PlannedChange, type SyncRun } from './okrSyncRun.js';

export type { PlannedChange } from './okrSyncRun.js';
import { findPersonByOwner } from './people.js';

/**
 * Syncs the database to an OKR file, by stable ids. Titles, targets and owners update; new things
 * are added; a KR missing from the file is stopped (never deleted); check-ins are never touched.
 * Everything happens in one transaction: all or nothing. A dry run walks the same steps, writing nothing.
 */

export interface ImportResult {
  cycleName: string;
  changes: PlannedChange[];
  applied: boolean;
}

export function formatChange(c: PlannedChange): string {
  const mark = { add: '+', update: '~', stop: '-', note: '!' }[c.action];
  return `${mark} ${c.subject}: ${c.detail}`;
}

export async function importOkrs(
  db: Db,
  doc: OkrDoc,
  options: { dryRun?: boolean; now?: Date } = {},
): Promise<ImportResult> {
  const now = options.now ?? new Date();
  const changes: PlannedChange[] = [];
  const run = async (tx: Db, write: boolean) => {
    const change = (action: PlannedChange['action'], subject: string, detail: string) =>
      changes.push({ action, subject, detail });
    const { cycle, cycleId } = await syncCycle(tx, doc, write, now, change);
    const sync: SyncRun = {
      tx,
      write,
      now,
      change,
      cycle,
      cycleId,
      resolveOwner: ownerResolver(tx, write, change),
      seenKrKeys: new Set(),
    };
    for (const t of doc.teams) {
      const teamId = await syncTeam(sync, t);
      for (const [position, o] of t.objectives.entries()) await syncObjective(sync, t.name, teamId, o, position);
    }
    await stopMissing(sync);
  };
  if (options.dryRun) {
    await run(db, false);
    return { cycleName: doc.cycle.name, changes, applied: false };
  }
  await db.atomic((tx) => run(tx, true));
  return { cycleName: doc.cycle.name, changes, applied: true };
}

/** The cycle: added (active when today is in it and no other is active), or its dates updated. */
async function syncCycle(
  tx: Db,
  doc: OkrDoc,
  write: boolean,
  now: Date,
  change: SyncRun['change'],
): Promise<{ cycle: Cycle | undefined; cycleId: number }> {
  const { cycles } = tx.t;
  const mid = doc.cycle.mid ?? midpointDate(doc.cycle.start, doc.cycle.end);
  const mine = eq(cycles.workspaceId, tx.workspaceId);
  const cycle = await tx.first(
    tx
      .select()
      .from(cycles)
      .where(and(mine, eq(cycles.name, doc.cycle.name))),
  );
  if (cycle) {
    const want = { startDate: doc.cycle.start, endDate: doc.cycle.end, midDate: mid };
    const labels = [
      ['startDate', 'start'],
      ['endDate', 'end'],
      ['midDate', 'mid'],
    ] as const;
    const diffs = labels.filter(([field]) => cycle[field] !== want[field]);
    for (const [field, label] of diffs)
      change('update', `cycle ${cycle.name}`, `${label} ${cycle[field]} → ${want[field]}`);
    if (write && diffs.length) await tx.exec(tx.update(cycles).set(want).where(eq(cycles.id, cycle.id)));
    return { cycle, cycleId: cycle.id };
  }
  const otherActive = await tx.first(
    tx
      .select()
      .from(cycles)
      .where(and(mine, eq(cycles.state, 'active'))),
  );
  const today = localDate(now, 'UTC');
  const state: 'active' | 'planned' =
    !otherActive && today >= doc.cycle.start && today <= doc.cycle.end ? 'active' : 'planned';
  change('add', `cycle ${doc.cycle.name}`, `${doc.cycle.start} → ${doc.cycle.end}, mid-cycle ${mid}, ${state}`);
  if (state === 'planned' && otherActive) {
    change(
      'note',
      `cycle ${doc.cycle.name}`,
      `planned: cycle ${otherActive.name} is still active (use /okr cycle start to switch)`,
    );
  }
  if (!write) return { cycle: undefined, cycleId: -1 };
  const values = {
    workspaceId: tx.workspaceId,
    name: doc.cycle.name,
    startDate: doc.cycle.start,
    endDate: doc.cycle.end,
    midDate: mid,
    state,
  };
  return { cycle: undefined, cycleId: (await tx.first(tx.insert(cycles).values(values).returning()))!.id };
}

/** People: each owner resolved once (a Slack id or an email), added when new. */
function ownerResolver(tx: Db, write: boolean, change: SyncRun['change']): SyncRun['resolveOwner'] {
  const personFor = new Map<string, Person | undefined>();
  return async (owner) => {
    if (!personFor.has(owner)) {
      let person = await findPersonByOwner(tx, owner);
      if (!person) {
        change('add', `person ${owner}`, 'new owner');
        const values = {
          workspaceId: tx.workspaceId,
          ...(owner.includes('@') ? { email: owner } : { slackUserId: owner }),
        };
        if (write) person = (await tx.first(tx.insert(tx.t.people).values(values).returning()))!;
      }
      personFor.set(owner, person);
    }
    return personFor.get(owner)?.id ?? null;
  };
}

/** The settings a file gives for a team (those it leaves out stay as they are). */
function teamSettingsOf(t: OkrDocTeam) {
  return {
    ...(t.channel !== undefined && { digestChannel: t.channel }),
    ...(t.timezone !== undefined && { timezone: t.timezone }),
    ...(t.checkin_day !== undefined && { checkinWeekday: parseWeekday(t.checkin_day)! }),
    ...(t.checkin_time !== undefined && { checkinTime: t.checkin_time }),
    ...(t.digest_day !== undefined && { digestWeekday: parseWeekday(t.digest_day)! }),
    ...(t.digest_time !== undefined && { digestTime: t.digest_time }),
    ...(t.reminder_count !== undefined && { reminderCount: t.reminder_count }),
    ...(t.reminder_delay_hours !== undefined && { reminderDelayHours: t.reminder_delay_hours }),
    ...(t.quiet_start !== undefined && { quietStart: t.quiet_start }),
    ...(t.quiet_end !== undefined && { quietEnd: t.quiet_end }),
    ...(t.checkin_cadence !== undefined && { checkinCadence: t.checkin_cadence }),
    ...(t.escalate_after_weeks !== undefined && {
      escalateAfterWeeks: t.escalate_after_weeks === 'off' ? null : t.escalate_after_weeks,
    }),
    ...(t.leads !== undefined && { leadUserIds: leadsText(t.leads) }),
  };
}

/** A team: added, or the settings the file gives updated. Its id (-1 in a dry run for a new team). */
async function syncTeam(sync: SyncRun, t: OkrDocTeam): Promise<number> {
  const { tx, write, change } = sync;
  const { teams } = tx.t;
  const team = await tx.first(
    tx
      .select()
      .from(teams)
      .where(and(eq(teams.workspaceId, tx.workspaceId), eq(teams.name, t.name))),
  );
  const settings = teamSettingsOf(t);
  if (!team) {
    change('add', `team ${t.name}`, Object.keys(settings).length ? describeSettings(settings) : 'default settings');
    if (!write) return -1;
    return (await tx.first(
      tx
        .insert(teams)
        .values({ workspaceId: tx.workspaceId, name: t.name, ...settings })
        .returning(),
    ))!.id;
  }
  const diffs = (Object.keys(settings) as Array<keyof typeof settings>).filter((k) => team[k] !== settings[k]);
  for (const k of diffs) {
    const day = (v: unknown) =>
      typeof v === 'number' && (k === 'checkinWeekday' || k === 'digestWeekday') ? weekdayName(v) : v;
    const from = k === 'digestWeekday' && team[k] === null ? 'day after check-ins' : day(team[k]);
    change('update', `team ${t.name}`, `${settingLabel[k]} ${fmt(from)} → ${fmt(day(settings[k]))}`);
  }
  if (write && diffs.length) await tx.exec(tx.update(teams).set(settings).where(eq(teams.id, team.id)));
  return team.id;
}

/** KRs of this cycle that the file no longer lists: stop them, keep their history. */
async function stopMissing(sync: SyncRun): Promise<void> {
  const { tx, write, now, change, cycle } = sync;
  if (!cycle) return;
  const { keyResults } = tx.t;
  const live = await tx.rows(
    tx
      .select()
      .from(keyResults)
      .where(and(eq(keyResults.cycleId, cycle.id), ne(keyResults.status, 'stopped'))),
  );
  for (const kr of live) {
    if (sync.seenKrKeys.has(kr.key)) continue;
    change('stop', kr.key, 'missing from the file: marked stopped (check-ins kept)');
    if (!write) continue;
    const stopped = { status: 'stopped' as const, stoppedAt: now.toISOString(), updatedAt: now.toISOString() };
    await tx.exec(tx.update(keyResults).set(stopped).where(eq(keyResults.id, kr.id)));
  }
}

const settingLabel = {
  digestChannel: 'channel',
  timezone: 'timezone',
  checkinWeekday: 'check-in day',
  checkinTime: 'check-in time',
  digestWeekday: 'digest day',
  digestTime: 'digest time',
  reminderCount: 'reminders',
  reminderDelayHours: 'reminder delay (h)',
  quietStart: 'quiet from',
  quietEnd: 'quiet until',
  checkinCadence: 'cadence',
  escalateAfterWeeks: 'escalate after (weeks)',
  leadUserIds: 'leads',
} as const;

function describeSettings(s: Partial<Record<keyof typeof settingLabel, string | number | null>>): string {
  return (Object.keys(s) as Array<keyof typeof settingLabel>)
    .map(
      (k) =>
        `${settingLabel[k]} ${k === 'checkinWeekday' || k === 'digestWeekday' ? weekdayName(s[k] as number) : s[k]}`,
    )
    .join(', ');
}
