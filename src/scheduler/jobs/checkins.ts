import { and, eq } from 'drizzle-orm';
import { checkins, keyResults, people, type Cycle } from '../../db/schema.js';
import { dueCheckins, LATE_AFTER_MS, type OwnerToAsk } from '../../domain/due.js';
import { isQuiet, shouldSilence } from '../../domain/schedule.js';
import { approximateWeek, isValidZone, toDateTime } from '../../domain/time.js';
import { CHECKIN_PURPOSE, sendCheckinDm } from '../../services/checkins.js';
import { isRetryable, listDeliveries } from '../../store/deliveries.js';
import { listActiveOwners, type OwnerWithTeams } from '../../store/owners.js';
import { updatePerson } from '../../store/people.js';
import { prepareRecipient, TIMEZONE_TTL_MS } from '../../services/people.js';
import { fanOut } from '../fanout.js';
import { postSilenceNotice } from '../notices.js';
import type { JobContext, JobReport } from './types.js';

/** How late a catch-up may be before quiet hours apply to it (on-time DMs go at the team's chosen time). */
const CATCH_UP_AFTER_MS = 60 * 60 * 1000;

export function ownerZone(o: OwnerWithTeams): string {
  return o.person.timezone && isValidZone(o.person.timezone) ? o.person.timezone : (o.teams[0]?.timezone ?? 'UTC');
}

/** Weeks of the cycle in which the person answered at least one check-in on their KRs. */
function answeredWeeks(ctx: JobContext, cycle: Cycle, personId: number): Set<number> {
  const rows = ctx.db
    .selectDistinct({ week: checkins.week })
    .from(checkins)
    .innerJoin(keyResults, eq(checkins.krId, keyResults.id))
    .where(and(eq(keyResults.cycleId, cycle.id), eq(keyResults.ownerId, personId)))
    .all();
  return new Set(rows.map((r) => r.week));
}

/** Owners whose Slack time zone okrbot has not learned yet, looked up ahead of their first DM. */
const PROFILE_LOOKUPS_PER_TICK = 50;

async function learnTimezones(ctx: JobContext, owners: OwnerWithTeams[]): Promise<number> {
  const now = ctx.clock();
  const unknown = owners
    .filter((o) => !o.person.timezone && (!o.person.timezoneRefreshedAt || now.getTime() - Date.parse(o.person.timezoneRefreshedAt) > TIMEZONE_TTL_MS))
    .slice(0, PROFILE_LOOKUPS_PER_TICK);
  for (const o of unknown) {
    await ctx.gate.wait();
    try {
      await prepareRecipient(ctx, o.person.id);
    } catch (e) {
      // Unreachable people are recorded when their DM fails; just do not ask again for a week.
      updatePerson(ctx.db, o.person.id, { timezoneRefreshedAt: now.toISOString() });
      ctx.logger.debug('profile lookup failed', { personId: o.person.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return unknown.length;
}

export async function runCheckins(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const now = ctx.clock();
  let owners = listActiveOwners(ctx.db, cycle.id);
  // So that week 1 already arrives at each owner's own local time, not their team's.
  if (await learnTimezones(ctx, owners)) owners = listActiveOwners(ctx.db, cycle.id);
  const asked = new Map<number, Set<number>>();
  const claimed = new Set<string>();
  // Silence looks back three weeks; everything older is settled.
  for (const d of listDeliveries(ctx.db, CHECKIN_PURPOSE, cycle.id, approximateWeek(cycle, now) - 4)) {
    if (d.personId === null || d.week === null) continue;
    // Transient failures with attempts left stay "due" so the next tick retries them.
    if (!isRetryable(d)) claimed.add(`${d.personId}:${d.week}`);
    if (d.state === 'sent') {
      if (!asked.has(d.personId)) asked.set(d.personId, new Set());
      asked.get(d.personId)!.add(d.week);
    }
  }
  const byId = new Map(owners.map((o) => [o.person.id, o]));
  const toAsk: OwnerToAsk[] = owners
    .filter((o) => !o.person.silencedAt)
    .map((o) => ({
      personId: o.person.id,
      zone: ownerZone(o),
      oooUntil: o.person.oooUntil,
      schedules: o.teams.map((t) => ({ weekday: t.checkinWeekday, time: t.checkinTime })),
    }));
  const due = dueCheckins(now, cycle, toAsk, (p, w) => claimed.has(`${p}:${w}`));

  const sendable = [];
  let silenced = 0;
  const waitingForDaytime: Array<{ error: string; personId: number; week: number }> = [];
  for (const d of due) {
    const owner = byId.get(d.personId)!;
    const askedWeeks = asked.get(d.personId) ?? new Set<number>();
    // Only owners asked three weeks running can be silent; only then look at their answers.
    if (shouldSilence(d.week, askedWeeks, new Set()) && shouldSilence(d.week, askedWeeks, answeredWeeks(ctx, cycle, d.personId))) {
      ctx.db.update(people).set({ silencedAt: now.toISOString() }).where(eq(people.id, d.personId)).run();
      await postSilenceNotice(ctx, cycle, owner, d.week);
      silenced++;
      continue;
    }
    const team = owner.teams[0]!;
    if (d.lateMs > CATCH_UP_AFTER_MS && isQuiet(now, ownerZone(owner), team.quietEnd, team.quietStart)) {
      waitingForDaytime.push({ error: 'quiet_hours', personId: d.personId, week: d.week });
      continue;
    }
    sendable.push(d);
  }

  const result = await fanOut(
    sendable,
    (d) =>
      sendCheckinDm(ctx, cycle, d.personId, d.week, {
        ...(d.lateMs > LATE_AFTER_MS && {
          lateNote: `Sorry — this check-in was due ${d.scheduledAt.setZone(ownerZone(byId.get(d.personId)!)).toFormat("cccc HH:mm")} and okrbot was unavailable; it is still open until the week ends.`,
        }),
      }),
    { gate: ctx.gate, concurrency: ctx.concurrency, describe: (d) => ({ personId: d.personId, week: d.week }) },
  );
  // Every owner due is accounted for: sent + skipped (incl. silenced) + failed + deferred + in doubt.
  return {
    job: 'checkins',
    due: due.length,
    ...result,
    skipped: result.skipped + silenced,
    deferred: [...result.deferred, ...waitingForDaytime],
    notes: { silenced, waitingForDaytime: waitingForDaytime.length, at: toDateTime(now).toISO() },
  };
}
