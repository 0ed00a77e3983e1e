import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Person } from '../db/schema.js';
import { localDate, midpointDate, parseWeekday, weekdayName } from '../domain/time.js';
import { findPersonByOwner, ownerMatches, ownerString } from './people.js';
import type { OkrDoc } from '../okrs/format.js';
import { listInitiatives, setInitiatives } from './initiatives.js';

/**
 * Syncs the database to an OKR file, by stable ids. Titles, targets and owners update; new things
 * are added; a KR missing from the file is stopped (never deleted); check-ins are never touched.
 * Everything happens in one synchronous transaction: all or nothing.
 */

export interface PlannedChange {
  action: 'add' | 'update' | 'stop' | 'note';
  subject: string;
  detail: string;
}

export interface ImportResult {
  cycleName: string;
  changes: PlannedChange[];
  applied: boolean;
}

export function formatChange(c: PlannedChange): string {
  const mark = { add: '+', update: '~', stop: '-', note: '!' }[c.action];
  return `${mark} ${c.subject}: ${c.detail}`;
}

const fmt = (v: unknown) =>
  v === null || v === undefined || v === '' ? '(none)' : typeof v === 'string' ? `"${v}"` : String(v);

export async function importOkrs(
  db: Db,
  doc: OkrDoc,
  options: { dryRun?: boolean; now?: Date } = {},
): Promise<ImportResult> {
  const now = options.now ?? new Date();
  const changes: PlannedChange[] = [];
  const { cycles, keyResults, objectives, people, teams } = db.t;
  const run = async (tx: Db, write: boolean) => {
    const change = (action: PlannedChange['action'], subject: string, detail: string) =>
      changes.push({ action, subject, detail });

    // Cycle
    const mid = doc.cycle.mid ?? midpointDate(doc.cycle.start, doc.cycle.end);
    let cycle = await tx.first(
      tx
        .select()
        .from(cycles)
        .where(and(eq(cycles.workspaceId, tx.workspaceId), eq(cycles.name, doc.cycle.name))),
    );
    let cycleId = cycle?.id ?? -1;
    if (!cycle) {
      const otherActive = await tx.first(
        tx
          .select()
          .from(cycles)
          .where(and(eq(cycles.workspaceId, tx.workspaceId), eq(cycles.state, 'active'))),
      );
      const today = localDate(now, 'UTC');
      const state = !otherActive && today >= doc.cycle.start && today <= doc.cycle.end ? 'active' : 'planned';
      change('add', `cycle ${doc.cycle.name}`, `${doc.cycle.start} → ${doc.cycle.end}, mid-cycle ${mid}, ${state}`);
      if (state === 'planned' && otherActive)
        change(
          'note',
          `cycle ${doc.cycle.name}`,
          `planned: cycle ${otherActive.name} is still active (use /okr cycle start to switch)`,
        );
      if (write)
        cycleId = (await tx.first(
          tx
            .insert(cycles)
            .values({
              workspaceId: tx.workspaceId,
              name: doc.cycle.name,
              startDate: doc.cycle.start,
              endDate: doc.cycle.end,
              midDate: mid,
              state,
            })
            .returning(),
        ))!.id;
    } else {
      const want = { startDate: doc.cycle.start, endDate: doc.cycle.end, midDate: mid };
      for (const [field, label] of [
        ['startDate', 'start'],
        ['endDate', 'end'],
        ['midDate', 'mid'],
      ] as const) {
        if (cycle[field] !== want[field])
          change('update', `cycle ${cycle.name}`, `${label} ${cycle[field]} → ${want[field]}`);
      }
      if (
        write &&
        (cycle.startDate !== want.startDate || cycle.endDate !== want.endDate || cycle.midDate !== want.midDate)
      ) {
        await tx.exec(tx.update(cycles).set(want).where(eq(cycles.id, cycle.id)));
      }
    }

    // People: resolve every owner once.
    const personFor = new Map<string, Person | undefined>();
    const resolveOwner = async (owner: string): Promise<number | null> => {
      if (!personFor.has(owner)) {
        let person = await findPersonByOwner(tx, owner);
        if (!person) {
          change('add', `person ${owner}`, 'new owner');
          if (write)
            person = (await tx.first(
              tx
                .insert(people)
                .values({
                  workspaceId: tx.workspaceId,
                  ...(owner.includes('@') ? { email: owner } : { slackUserId: owner }),
                })
                .returning(),
            ))!;
        }
        personFor.set(owner, person);
      }
      return personFor.get(owner)?.id ?? null;
    };

    const seenKrKeys = new Set<string>();
    for (const t of doc.teams) {
      // Team: settings given in the file update; settings left out stay as they are.
      let team = await tx.first(
        tx
          .select()
          .from(teams)
          .where(and(eq(teams.workspaceId, tx.workspaceId), eq(teams.name, t.name))),
      );
      const settings = {
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
      };
      let teamId = team?.id ?? -1;
      if (!team) {
        change('add', `team ${t.name}`, Object.keys(settings).length ? describeSettings(settings) : 'default settings');
        if (write)
          teamId = (await tx.first(
            tx
              .insert(teams)
              .values({ workspaceId: tx.workspaceId, name: t.name, ...settings })
              .returning(),
          ))!.id;
      } else {
        const diffs = (Object.keys(settings) as Array<keyof typeof settings>).filter((k) => team![k] !== settings[k]);
        for (const k of diffs) {
          const day = (v: unknown) =>
            typeof v === 'number' && (k === 'checkinWeekday' || k === 'digestWeekday') ? weekdayName(v) : v;
          const from = k === 'digestWeekday' && team[k] === null ? 'day after check-ins' : day(team[k]);
          const to = day(settings[k]);
          change('update', `team ${t.name}`, `${settingLabel[k]} ${fmt(from)} → ${fmt(to)}`);
        }
        if (write && diffs.length) await tx.exec(tx.update(teams).set(settings).where(eq(teams.id, team.id)));
      }

      for (const [oi, o] of t.objectives.entries()) {
        const existingObjective = cycle
          ? await tx.first(
              tx
                .select()
                .from(objectives)
                .where(and(eq(objectives.cycleId, cycle.id), eq(objectives.key, o.id))),
            )
          : undefined;
        let objectiveId = existingObjective?.id ?? -1;
        if (!existingObjective) {
          change('add', `objective ${o.id}`, `${fmt(o.title)} (team ${t.name})`);
          if (write)
            objectiveId = (await tx.first(
              tx.insert(objectives).values({ cycleId, teamId, key: o.id, title: o.title, position: oi }).returning(),
            ))!.id;
        } else {
          const updates: Partial<typeof objectives.$inferInsert> = {};
          if (existingObjective.title !== o.title) {
            change('update', `objective ${o.id}`, `title ${fmt(existingObjective.title)} → ${fmt(o.title)}`);
            updates.title = o.title;
          }
          if (existingObjective.teamId !== teamId) {
            change('update', `objective ${o.id}`, `moves to team ${t.name}`);
            updates.teamId = teamId;
          }
          if (existingObjective.position !== oi) updates.position = oi;
          if (write && Object.keys(updates).length)
            await tx.exec(tx.update(objectives).set(updates).where(eq(objectives.id, existingObjective.id)));
        }

        for (const [ki, k] of o.key_results.entries()) {
          seenKrKeys.add(k.id);
          const ownerId = k.owner ? await resolveOwner(k.owner) : null;
          const existing = cycle
            ? await tx.first(
                tx
                  .select()
                  .from(keyResults)
                  .where(and(eq(keyResults.cycleId, cycle.id), eq(keyResults.key, k.id))),
              )
            : undefined;
          const wanted = {
            title: k.title,
            baseline: k.baseline ?? null,
            target: k.target ?? null,
            unit: k.unit ?? null,
            measurement: k.measurement ?? null,
          };
          if (!existing) {
            const status = k.status ?? 'active';
            change(
              'add',
              k.id,
              `${fmt(k.title)}${k.owner ? `, owner ${k.owner}` : ''}${status !== 'active' ? `, ${status}` : ''}`,
            );
            if (write) {
              const added = (await tx.first(
                tx
                  .insert(keyResults)
                  .values({ objectiveId, cycleId, key: k.id, ownerId, status, position: ki, ...wanted })
                  .returning({ id: keyResults.id }),
              ))!;
              if (k.initiatives?.length)
                await setInitiatives(
                  tx,
                  added.id,
                  k.initiatives.map((i) => ({ url: i.url, title: i.title ?? null })),
                  now,
                );
            }
            continue;
          }
          const updates: Partial<typeof keyResults.$inferInsert> = {};
          for (const field of ['title', 'baseline', 'target', 'unit', 'measurement'] as const) {
            if (existing[field] !== wanted[field]) {
              change('update', k.id, `${field} ${fmt(existing[field])} → ${fmt(wanted[field])}`);
              updates[field] = wanted[field] as never;
            }
          }
          const currentOwner =
            existing.ownerId === null
              ? undefined
              : await tx.first(tx.select().from(people).where(eq(people.id, existing.ownerId)));
          if (!ownerMatches(currentOwner, k.owner)) {
            change('update', k.id, `owner ${fmt(ownerString(currentOwner))} → ${fmt(k.owner)}`);
            updates.ownerId = ownerId;
          }
          if (k.status !== undefined && k.status !== existing.status) {
            change('update', k.id, `status ${existing.status} → ${k.status}`);
            updates.status = k.status;
            updates.stoppedAt = k.status === 'stopped' ? now.toISOString() : null;
          } else if (k.status === undefined && existing.status === 'stopped') {
            change('note', k.id, 'is stopped; add "status: active" to resume it');
          }
          if (existing.objectiveId !== objectiveId) {
            change('update', k.id, `moves to objective ${o.id}`);
            updates.objectiveId = objectiveId;
          }
          if (existing.position !== ki) updates.position = ki;
          // Linked work: a file that lists it is the truth; one that leaves it out keeps what was linked in Slack.
          if (k.initiatives !== undefined) {
            const wantedLinks = k.initiatives.map((i) => ({ url: i.url, title: i.title ?? null }));
            const have = (await listInitiatives(tx, [existing.id])).get(existing.id) ?? [];
            const same =
              have.length === wantedLinks.length &&
              wantedLinks.every((w) => have.some((h) => h.url === w.url && (h.title ?? null) === w.title));
            if (!same) {
              change('update', k.id, `linked work ${have.length} → ${wantedLinks.length}`);
              if (write) await setInitiatives(tx, existing.id, wantedLinks, now);
            }
          }
          if (write && Object.keys(updates).length) {
            await tx.exec(
              tx
                .update(keyResults)
                .set({ ...updates, updatedAt: now.toISOString() })
                .where(eq(keyResults.id, existing.id)),
            );
          }
        }
      }
    }

    // KRs of this cycle that the file no longer lists: stop them, keep their history.
    if (cycle) {
      const live = await tx.rows(
        tx
          .select()
          .from(keyResults)
          .where(and(eq(keyResults.cycleId, cycle.id), ne(keyResults.status, 'stopped'))),
      );
      for (const kr of live) {
        if (seenKrKeys.has(kr.key)) continue;
        change('stop', kr.key, 'missing from the file: marked stopped (check-ins kept)');
        if (write)
          await tx.exec(
            tx
              .update(keyResults)
              .set({ status: 'stopped', stoppedAt: now.toISOString(), updatedAt: now.toISOString() })
              .where(eq(keyResults.id, kr.id)),
          );
      }
    }
  };

  if (options.dryRun) {
    await run(db, false);
    return { cycleName: doc.cycle.name, changes, applied: false };
  }
  await db.atomic((tx) => run(tx, true));
  return { cycleName: doc.cycle.name, changes, applied: true };
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
} as const;

function describeSettings(s: Partial<Record<keyof typeof settingLabel, string | number>>): string {
  return (Object.keys(s) as Array<keyof typeof settingLabel>)
    .map(
      (k) =>
        `${settingLabel[k]} ${k === 'checkinWeekday' || k === 'digestWeekday' ? weekdayName(s[k] as number) : s[k]}`,
    )
    .join(', ');
}
