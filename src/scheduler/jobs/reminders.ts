import type { Cycle } from '../../db/schema.js';
import { isOutOfOffice } from '../../domain/due.js';
import { isQuiet, reminderMoment, weekEnd } from '../../domain/schedule.js';
import { toDateTime } from '../../domain/time.js';
import { CHECKIN_PURPOSE, checkinItems } from '../../services/checkins.js';
import { deliver } from '../../services/delivery.js';
import { findDelivery, listDeliveries, subjects } from '../../store/deliveries.js';
import { listActiveOwners } from '../../store/owners.js';
import { plural } from '../../views/format.js';
import { fanOut } from '../fanout.js';
import { ownerZone } from './checkins.js';
import type { JobContext, JobReport } from './types.js';

export const REMINDER_PURPOSE = 'reminder';

/**
 * Reminders to owners whose check-in is still missing: at most the team's reminder count (1 by
 * default, 3 at most), each the team's delay (24 h) after the last, never in quiet hours, never
 * out of office, never after the week has ended.
 */
export async function runReminders(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const now = toDateTime(ctx.clock());
  const owners = new Map(listActiveOwners(ctx.db, cycle.id).map((o) => [o.person.id, o]));
  const due: Array<{ personId: number; week: number; n: number; pending: string[]; slackUserId: string }> = [];

  for (const dm of listDeliveries(ctx.db, CHECKIN_PURPOSE, cycle.id)) {
    if (dm.state !== 'sent' || dm.personId === null || dm.week === null || !dm.sentAt) continue;
    const owner = owners.get(dm.personId);
    if (!owner || owner.person.silencedAt || !owner.person.slackUserId) continue;
    const team = owner.teams[0]!;
    const zone = ownerZone(owner);
    if (now >= weekEnd(cycle, dm.week, zone)) continue;
    if (isOutOfOffice(owner.person.oooUntil, now, zone) || isQuiet(now, zone, team.quietEnd, team.quietStart)) continue;
    const count = Math.min(Math.max(team.reminderCount, 0), 3);
    for (let n = 1; n <= count; n++) {
      const prior = n === 1 ? dm : findDelivery(ctx.db, REMINDER_PURPOSE, subjects.reminder(cycle.id, dm.week, dm.personId, n - 1));
      if (!prior?.sentAt) break;
      const mine = findDelivery(ctx.db, REMINDER_PURPOSE, subjects.reminder(cycle.id, dm.week, dm.personId, n));
      if (mine && mine.state !== 'failed') continue;
      if (now < reminderMoment(prior.sentAt, 1, team.reminderDelayHours, zone, team.quietEnd, team.quietStart)) break;
      const pending = checkinItems(ctx.db, cycle, dm.personId, dm.week).filter((i) => !i.current).map((i) => i.kr.key);
      if (pending.length > 0) due.push({ personId: dm.personId, week: dm.week, n, pending, slackUserId: owner.person.slackUserId });
      break;
    }
  }

  const result = await fanOut(
    due,
    (r) =>
      deliver(ctx, { purpose: REMINDER_PURPOSE, subject: subjects.reminder(cycle.id, r.week, r.personId, r.n), cycleId: cycle.id, week: r.week, personId: r.personId }, async () => {
        const res = await ctx.client.chat.postMessage({
          channel: r.slackUserId,
          text: `⏰ Friendly reminder: ${plural(r.pending.length, 'key result')} still ${r.pending.length === 1 ? 'needs' : 'need'} your week ${r.week} check-in: ${r.pending.join(', ')}. Use the buttons in my check-in message above, reply here (\`${r.pending[0]} 1 your evidence\`), or \`/okr checkin\`. Away? \`/okr ooo YYYY-MM-DD\`.`,
        });
        return { channel: res.channel!, ts: res.ts! };
      }),
    { gate: ctx.gate, concurrency: ctx.concurrency },
  );
  return { job: 'reminders', due: due.length, ...result };
}
