import type { Cycle } from '../db/schema.js';
import { answerRate, quietOwners } from '../domain/answering.js';
import { weeksPassed } from '../domain/time.js';
import { answeringFacts, sentCount } from '../store/answering.js';
import { findDelivery, subjects } from '../store/deliveries.js';
import { getPerson } from '../store/people.js';
import { teamsInCycle } from '../store/teams.js';
import { renderMonthlyNote, type MonthlyNote } from '../views/monthlyNote.js';
import { alertAdmins } from './adminAlerts.js';
import { workspaceAdmins } from './admins.js';
import type { AppDeps } from './deps.js';

/**
 * Once a calendar month (from 09:00 UTC on the 1st, or the first tick after), admins get a note:
 * answer rate, median time to answer, reminders per check-in and who has gone quiet. Not before
 * two weeks of the cycle have passed (too little to say).
 */

const DAY_MS = 86_400_000;
export const MONTHLY_SEND_FROM_UTC_HOUR = 9;

export async function monthlyNoteData(deps: Pick<AppDeps, 'db' | 'clock'>, cycle: Cycle): Promise<MonthlyNote> {
  const now = deps.clock();
  const facts = await answeringFacts(deps.db, cycle.id);
  const upTo = weeksPassed(cycle, now) + 1;
  const since = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const askedLately = new Set(facts.asks.filter((a) => a.sentAt && a.sentAt >= since).map((a) => a.personId));
  const quiet = [];
  for (const id of quietOwners(facts, since).filter((p) => askedLately.has(p))) {
    const p = await getPerson(deps.db, id);
    if (p) quiet.push({ slackUserId: p.slackUserId, name: p.name, email: p.email });
  }
  const dms = await sentCount(deps.db, cycle.id, 'checkin');
  return {
    month: now.toISOString().slice(0, 7),
    cycleName: cycle.name,
    overall: answerRate(facts, upTo),
    teams: (await teamsInCycle(deps.db, cycle.id)).map((t) => ({
      name: t.name,
      rate: answerRate(facts, upTo, (k) => k.teamId === t.id),
    })),
    remindersPerCheckin: dms ? (await sentCount(deps.db, cycle.id, 'reminder')) / dms : null,
    quiet,
  };
}

/** Sends this month's note to every admin once; false when not due (too early, or already sent). */
export async function sendMonthlyNote(deps: AppDeps, cycle: Cycle): Promise<boolean> {
  const now = deps.clock();
  if (now.getUTCHours() < MONTHLY_SEND_FROM_UTC_HOUR || weeksPassed(cycle, now) < 2) return false;
  const key = `monthly/${now.toISOString().slice(0, 7)}`;
  const admins = await workspaceAdmins(deps);
  const pending = [];
  for (const a of admins)
    if (!(await findDelivery(deps.db, 'admin-alert', subjects.adminAlert(key, a.slackUserId)))) pending.push(a);
  if (pending.length === 0) return false;
  await alertAdmins(deps, key, renderMonthlyNote(await monthlyNoteData(deps, cycle)), { cycleId: cycle.id });
  return true;
}
