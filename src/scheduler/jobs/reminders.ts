import type { Cycle, Delivery } from '../../db/schema.js';
import { TEAM_BOUNDS } from '../../domain/teamSettings.js';
import { isQuiet, reminderMoment } from '../../domain/schedule.js';
import { clampedWeek, toDateTime } from '../../domain/time.js';
import { scheduleOf, weekClosesAt } from '../../domain/cadence.js';
import { CHECKIN_PURPOSE, checkinItems } from '../../services/weeklyDm.js';
import { postOnce } from '../../services/delivery.js';
import { isAway, receivesDms } from '../../services/people.js';
import { isRetryable, listDeliveries, pendingOwnerWeeks, subjects } from '../../store/deliveries.js';
import { listActiveOwners } from '../../store/owners.js';
import { plural } from '../../views/text.js';
import { fanOut } from '../fanout.js';
import { ownerZone } from '../../services/people.js';
import type { JobContext, JobReport } from './types.js';

export const REMINDER_PURPOSE = 'reminder';

/**
 * Reminders to owners whose check-in is still missing: at most the team's reminder count (1 by
 * default, 3 at most), each the team's delay (24 h) after the last, never in quiet hours, never
 * out of office, never after the week has ended. The team is the one of the owner's first KR.
 */
type DueReminder = { personId: number; week: number; n: number; slackUserId: string };

export async function runReminders(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const now = toDateTime(ctx.clock());
  const fromWeek = clampedWeek(cycle, now) - 1;
  const pending = await pendingOwnerWeeks(ctx.db, CHECKIN_PURPOSE, cycle.id, fromWeek);
  if (pending.length === 0) return { job: 'reminders', due: 0, sent: 0, failed: [] };
  const due = await dueReminders(ctx, cycle, now, fromWeek, pending);
  const result = await fanOut(due, async (r) => sendReminder(ctx, cycle, r), {
    gate: ctx.gate,
    concurrency: ctx.concurrency,
    signal: ctx.signal,
  });
  return { job: 'reminders', due: due.length, ...result };
}

/** The reminders due now among the owner-weeks still without a check-in. */
async function dueReminders(
  ctx: JobContext,
  cycle: Cycle,
  now: ReturnType<typeof toDateTime>,
  fromWeek: number,
  pending: Array<{ personId: number; week: number }>,
): Promise<DueReminder[]> {
  const owners = new Map((await listActiveOwners(ctx.db, cycle.id)).map((o) => [o.person.id, o]));
  const key = (personId: number, week: number) => `${personId}:${week}`;
  const dms = new Map(
    (await listDeliveries(ctx.db, CHECKIN_PURPOSE, cycle.id, fromWeek)).map((d) => [key(d.personId!, d.week!), d]),
  );
  const reminders = new Map<string, Delivery[]>();
  for (const r of await listDeliveries(ctx.db, REMINDER_PURPOSE, cycle.id, fromWeek)) {
    const k = key(r.personId!, r.week!);
    reminders.set(k, [...(reminders.get(k) ?? []), r]);
  }
  const due: DueReminder[] = [];
  for (const { personId, week } of pending) {
    const owner = owners.get(personId);
    const dm = dms.get(key(personId, week));
    if (!owner || !dm?.sentAt || !receivesDms(owner.person) || !owner.person.slackUserId) continue;
    const team = owner.teams[0]!;
    const count = Math.min(Math.max(team.reminderCount, TEAM_BOUNDS.reminderCount.min), TEAM_BOUNDS.reminderCount.max);
    const sent = (reminders.get(key(personId, week)) ?? []).sort((a, b) => a.id - b.id);
    const last = sent.at(-1);
    // A reminder refused for now (429, 5xx found not posted) is tried again, not skipped over;
    // one in flight or refused for good ends the reminders for that week.
    const retrying = last !== undefined && isRetryable(last);
    if (last && last.state !== 'sent' && !retrying) continue;
    if (!retrying && sent.length >= count) continue;
    const previous = retrying ? sent.at(-2) : last;
    const zone = ownerZone(owner);
    const at = reminderMoment(
      previous?.sentAt ?? dm.sentAt,
      1,
      team.reminderDelayHours,
      zone,
      team.quietEnd,
      team.quietStart,
    );
    // Never once the week has closed (its answers would be refused): domain/cadence's one rule.
    if (now < at || now >= weekClosesAt(cycle, week, owner.teams.map(scheduleOf), zone)) continue;
    if (isAway(owner.person, now.toJSDate(), zone) || isQuiet(now, zone, team.quietEnd, team.quietStart)) continue;
    due.push({ personId, week, n: retrying ? sent.length : sent.length + 1, slackUserId: owner.person.slackUserId });
  }
  return due;
}

/** One reminder, once: naming the KRs still without a check-in when it is sent. */
async function sendReminder(ctx: JobContext, cycle: Cycle, r: DueReminder) {
  const claim = {
    purpose: REMINDER_PURPOSE,
    subject: subjects.reminder(cycle.id, r.week, r.personId, r.n),
    cycleId: cycle.id,
    week: r.week,
    personId: r.personId,
  };
  return postOnce(ctx, claim, { channel: r.slackUserId }, async () => {
    const keys = (await checkinItems(ctx.db, cycle, r.personId, r.week)).filter((i) => !i.current).map((i) => i.kr.key);
    return {
      text: `⏰ Friendly reminder: ${plural(keys.length, 'key result')} still ${keys.length === 1 ? 'needs' : 'need'} your week ${r.week} check-in: ${keys.join(', ')}. Use the buttons in my check-in message above, reply here (\`${keys[0]} 1 your evidence\`), or \`/okr checkin\`. Away? \`/okr ooo YYYY-MM-DD\`.`,
    };
  });
}
