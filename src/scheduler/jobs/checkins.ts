import { alertAdmins } from '../../services/adminAlerts.js';
import { renderFailingSources, valueLine } from '../../views/values.js';
import { listKrInfos } from '../../store/keyResults.js';
import { readKrValues, staleSourced } from '../../services/krValues.js';
import type { Cycle } from '../../db/schema.js';
import { answeredWeeks } from '../../store/checkins.js';
import { dueCheckins, LATE_AFTER_MS } from '../../domain/due.js';
import { scheduleOf } from '../../domain/cadence.js';
import { onTimeStreak } from '../../domain/answering.js';
import { groupBy } from '../../domain/groupBy.js';
import { streakFacts } from '../../store/answering.js';
import { isStatusAway } from '../../domain/away.js';
import { isQuiet, shouldSilence } from '../../domain/schedule.js';
import { clampedWeek, toDateTime } from '../../domain/time.js';
import { CHECKIN_PURPOSE } from '../../services/weeklyDm.js';
import { WeeklyDmBatch } from '../../services/weeklyDmBatch.js';
import type { KrInfo } from '../../domain/types.js';
import { isRetryable, listDeliveries } from '../../store/deliveries.js';
import { listActiveOwners, type OwnerWithTeams } from '../../store/owners.js';
import { updatePerson } from '../../store/people.js';
import {
  LEFT_SLACK,
  ownerZone,
  prepareRecipient,
  receivesDms,
  TIMEZONE_TTL_MS,
  UnreachableError,
  ZONE_FRESH_FOR_DM_MS,
} from '../../services/people.js';
import { fanOut } from '../fanout.js';
import { postSilenceNotice } from '../notices.js';
import type { JobContext, JobReport } from './types.js';

/** How late a catch-up may be before quiet hours apply to it (on-time DMs go at the team's chosen time). */
const CATCH_UP_AFTER_MS = 60 * 60 * 1000;

/**
 * users.info calls one tick may spend on time zones. users.info is Tier 4 (~100 a minute, its own
 * budget, not chat.postMessage's): this cap per minute tick is what keeps within it, so the lookups
 * run a few at a time without the DM gate's pacing. Paced at the DM rate, 2 × 50 of them held the
 * first DM of a tick back by 20 s at the default 5/s (issue 22: "19–66 s to send again").
 */
const PROFILE_LOOKUPS_PER_TICK = 50;
const PROFILE_LOOKUPS_AT_ONCE = 4;

/** Asks Slack for these owners' profiles (time zone), within what is left of `budget`; whether any zone changed. */
async function refreshZones(
  ctx: JobContext,
  owners: OwnerWithTeams[],
  maxAgeMs: number,
  budget: { left: number },
): Promise<boolean> {
  const now = ctx.clock();
  const batch = owners.slice(0, Math.max(0, budget.left));
  budget.left -= batch.length;
  let changed = false;
  const lookUp = async (o: OwnerWithTeams) => {
    try {
      const fresh = await prepareRecipient(ctx, o.person.id, maxAgeMs);
      if (fresh.timezone !== o.person.timezone) changed = true;
    } catch (e) {
      if (e instanceof UnreachableError && e.code === LEFT_SLACK) changed = true; // no longer due: read the owners again
      // Unreachable people are recorded when their DM fails; just do not ask again for a while.
      await updatePerson(ctx.db, o.person.id, { timezoneRefreshedAt: now.toISOString() });
      ctx.logger.debug('profile lookup failed', {
        personId: o.person.id,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < batch.length && !ctx.signal?.aborted; i = next++) await lookUp(batch[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(PROFILE_LOOKUPS_AT_ONCE, batch.length) }, worker));
  return changed;
}

const olderThan = (o: OwnerWithTeams, now: Date, ms: number) =>
  !o.person.timezoneRefreshedAt || now.getTime() - Date.parse(o.person.timezoneRefreshedAt) > ms;

/** The weeks each owner was asked (sent) and the owner-weeks settled (sent, or failed for good), recently. */
async function pastAsks(
  ctx: JobContext,
  cycle: Cycle,
  now: Date,
): Promise<{ asked: Map<number, Set<number>>; claimed: Set<string> }> {
  const asked = new Map<number, Set<number>>();
  const claimed = new Set<string>();
  // Silence looks back three asks (six weeks for a biweekly team); everything older is settled.
  for (const d of await listDeliveries(ctx.db, CHECKIN_PURPOSE, cycle.id, clampedWeek(cycle, now) - 7)) {
    if (d.personId === null || d.week === null) continue;
    // Transient failures with attempts left stay "due" so the next tick retries them.
    if (!isRetryable(d)) claimed.add(`${d.personId}:${d.week}`);
    if (d.state === 'sent') {
      if (!asked.has(d.personId)) asked.set(d.personId, new Set());
      asked.get(d.personId)!.add(d.week);
    }
  }
  return { asked, claimed };
}

type Due = ReturnType<typeof dueCheckins>[number];

/** Who is due now, with time zones checked first (someone who moved is asked at their new local time). */
async function dueOwners(
  ctx: JobContext,
  cycle: Cycle,
  now: Date,
  claimed: Set<string>,
): Promise<{ due: Due[]; byId: Map<number, OwnerWithTeams> }> {
  let owners = await listActiveOwners(ctx.db, cycle.id);
  const budget = { left: PROFILE_LOOKUPS_PER_TICK };
  // So that week 1 already arrives at each owner's own local time, not their team's.
  const unknownZone = owners.filter((o) => !o.person.timezone && olderThan(o, now, TIMEZONE_TTL_MS));
  if (await refreshZones(ctx, unknownZone, TIMEZONE_TTL_MS, budget)) owners = await listActiveOwners(ctx.db, cycle.id);
  const dueFor = (list: OwnerWithTeams[]) =>
    dueCheckins(
      now,
      cycle,
      list
        // Away by their Slack status: not asked, like /okr ooo (which dueCheckins reads by local date).
        .filter((o) => receivesDms(o.person) && !isStatusAway(o.person, now))
        .map((o) => ({
          personId: o.person.id,
          zone: ownerZone(o),
          oooUntil: o.person.oooUntil,
          schedules: o.teams.map(scheduleOf),
        })),
      (p, w) => claimed.has(`${p}:${w}`),
    );
  let due = dueFor(owners);
  let byId = new Map(owners.map((o) => [o.person.id, o]));
  const staleZone = due.map((d) => byId.get(d.personId)!).filter((o) => olderThan(o, now, ZONE_FRESH_FOR_DM_MS));
  if (await refreshZones(ctx, staleZone, ZONE_FRESH_FOR_DM_MS, budget)) {
    owners = await listActiveOwners(ctx.db, cycle.id);
    byId = new Map(owners.map((o) => [o.person.id, o]));
    due = dueFor(owners);
  }
  return { due, byId };
}

/**
 * The values of the KRs about to be asked, read from their sources first (those not read within the
 * hour), so the DM shows them. A few at a time, each bounded by its timeout: a failing source is
 * recorded with its reason (the DM says the value could not be read) and never holds a DM back.
 */
async function readSourcesBefore(ctx: JobContext, cycle: Cycle, krs: KrInfo[]): Promise<boolean> {
  if (krs.length === 0 || ctx.signal?.aborted) return false;
  const stale = await staleSourced(ctx, krs);
  if (stale.length === 0) return false;
  const reads = await readKrValues(ctx, stale, { env: process.env });
  const failed = reads.filter((r) => !r.read.ok).map((r) => valueLine(r.kr, r.read));
  // Admins hear of failing sources once a week (the owners' DMs already say so, KR by KR).
  const week = clampedWeek(cycle, ctx.clock());
  if (failed.length)
    await alertAdmins(ctx, `sources/cycle:${cycle.id}/week:${week}`, renderFailingSources(cycle.name, week, failed), {
      cycleId: cycle.id,
      week,
    });
  return true;
}

/** The active KRs of the owners about to be asked, by owner: one read of the cycle's KRs per run. */
async function krsOfOwners(ctx: JobContext, cycle: Cycle, due: Due[]): Promise<Map<number, KrInfo[]>> {
  if (due.length === 0) return new Map();
  const owners = new Set(due.map((d) => d.personId));
  const krs = await listKrInfos(ctx.db, { cycleId: cycle.id });
  return groupBy(
    krs.filter((k) => k.status === 'active' && k.ownerId !== null && owners.has(k.ownerId)),
    (k) => k.ownerId!,
  );
}

/** DMs prepared (read and claimed) a batch at a time when unpaced: a transaction per batch, not per DM. */
const DMS_PER_BATCH = 32;

/** The weekly DMs of the owners due, a batch at a time, with their values read from sources first. */
async function sendDms(ctx: JobContext, cycle: Cycle, sendable: Due[], byId: Map<number, OwnerWithTeams>) {
  let krs = await krsOfOwners(ctx, cycle, sendable);
  // Values just read from sources are the KRs' current values: read the KRs again to show them.
  if (await readSourcesBefore(ctx, cycle, [...krs.values()].flat())) krs = await krsOfOwners(ctx, cycle, sendable);
  // Every owner's streak from one read of the cycle's asks and answers, not three queries per DM.
  const facts = sendable.length ? await streakFacts(ctx.db, cycle.id) : null;
  const lateNote = (d: Due) =>
    `Sorry — this check-in was due ${d.scheduledAt.setZone(ownerZone(byId.get(d.personId)!)).toFormat('cccc HH:mm')} and okrbot was unavailable; it is still open until the week ends.`;
  const ask = (d: Due) => ({ personId: d.personId, week: d.week });
  const dms = new WeeklyDmBatch(ctx, cycle, (p) => krs.get(p) ?? []);
  try {
    return await fanOut(
      sendable,
      async (d) =>
        dms.send(ask(d), {
          ...(d.lateMs > LATE_AFTER_MS && { lateNote: lateNote(d) }),
          streak: onTimeStreak(facts!, d.personId, d.week),
        }),
      {
        gate: ctx.gate,
        concurrency: ctx.concurrency,
        signal: ctx.signal,
        describe: (d) => ({ personId: d.personId, week: d.week }),
        prepare: { ahead: DMS_PER_BATCH, run: (batch) => dms.readAndClaim(batch.map(ask)) },
      },
    );
  } finally {
    await dms.finish();
  }
}

export async function runCheckins(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const now = ctx.clock();
  const { asked, claimed } = await pastAsks(ctx, cycle, now);
  const { due, byId } = await dueOwners(ctx, cycle, now, claimed);
  const sendable = [];
  let silenced = 0;
  const waitingForDaytime: Array<{ error: string; personId: number; week: number }> = [];
  for (const d of due) {
    const owner = byId.get(d.personId)!;
    const askedWeeks = asked.get(d.personId) ?? new Set<number>();
    // Only owners asked three times running can be silent; only then look at their answers. An owner
    // only in biweekly teams is asked every two weeks.
    const cadence = owner.teams.every((t) => t.checkinCadence === 'biweekly') ? 'biweekly' : 'weekly';
    if (
      shouldSilence(d.week, askedWeeks, new Set(), cadence) &&
      shouldSilence(d.week, askedWeeks, await answeredWeeks(ctx.db, cycle.id, d.personId), cadence)
    ) {
      await updatePerson(ctx.db, d.personId, { silencedAt: now.toISOString() });
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
  const result = await sendDms(ctx, cycle, sendable, byId);
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
