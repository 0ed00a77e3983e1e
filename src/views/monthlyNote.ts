import type { AnswerRate } from '../domain/answering.js';
import { safeText } from './blocks.js';
import { personLabel } from './people.js';
import { answerRateText, timeToAnswerText } from './text.js';

/** The monthly note to admins: the figures that show check-in fatigue before people mute the bot. */

export interface MonthlyNote {
  month: string; // YYYY-MM (UTC)
  cycleName: string;
  overall: AnswerRate;
  teams: Array<{ name: string; rate: AnswerRate }>;
  remindersPerCheckin: number | null;
  /** Owners asked in the last 30 days who answered nothing in them. */
  quiet: Array<{ slackUserId: string | null; name: string | null; email: string | null }>;
}

/** "2026-12" → "December 2026". */
const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function renderMonthlyNote(n: MonthlyNote): string {
  const lines = [
    `*okrbot this month — ${monthName(n.month)}* (cycle ${safeText(n.cycleName, 80)})`,
    `• Answer rate this cycle: ${answerRateText(n.overall)} · ${timeToAnswerText(n.overall.medianHours)}`,
    ...n.teams.map(
      (t) => `    ${safeText(t.name, 80)}: ${answerRateText(t.rate)} · ${timeToAnswerText(t.rate.medianHours)}`,
    ),
    `• Reminders per weekly check-in DM: ${n.remindersPerCheckin === null ? 'none sent yet' : n.remindersPerCheckin.toFixed(2)}`,
    n.quiet.length
      ? `• No answer in the last 30 days: ${n.quiet.map((p) => (p.slackUserId ? `<@${p.slackUserId}>` : personLabel(p))).join(', ')}`
      : '• Everyone asked in the last 30 days answered at least once.',
    '_A falling answer rate or a rising time to answer comes before people mute the bot: consider a biweekly cadence (`/okr team <name> cadence biweekly`) or fewer reminders._',
  ];
  return lines.join('\n');
}
