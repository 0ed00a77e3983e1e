import type { AnswerRate } from '../domain/answering.js';
import { escapeMrkdwn, safeText } from './blocks.js';
import { answerRateText, timeToAnswerText } from './text.js';

/** The monthly note to admins: the figures that show check-in fatigue before people mute the bot. */

export interface MonthlyNote {
  month: string; // "December 2026"
  cycleName: string;
  overall: AnswerRate;
  teams: Array<{ name: string; rate: AnswerRate }>;
  remindersPerCheckin: number | null;
  /** Owners asked in the last 30 days who answered nothing in them. */
  quiet: Array<{ slackUserId: string | null; name: string }>;
}

export function renderMonthlyNote(n: MonthlyNote): string {
  const lines = [
    `*okrbot this month — ${escapeMrkdwn(n.month)}* (cycle ${safeText(n.cycleName, 80)})`,
    `• Answer rate this cycle: ${answerRateText(n.overall)} · ${timeToAnswerText(n.overall.medianHours)}`,
    ...n.teams.map(
      (t) => `    ${safeText(t.name, 80)}: ${answerRateText(t.rate)} · ${timeToAnswerText(t.rate.medianHours)}`,
    ),
    `• Reminders per weekly check-in DM: ${n.remindersPerCheckin === null ? 'none sent yet' : n.remindersPerCheckin.toFixed(2)}`,
    n.quiet.length
      ? `• No answer in the last 30 days: ${n.quiet.map((p) => (p.slackUserId ? `<@${p.slackUserId}>` : escapeMrkdwn(p.name))).join(', ')}`
      : '• Everyone asked in the last 30 days answered at least once.',
    '_A falling answer rate or a rising time to answer comes before people mute the bot: consider a biweekly cadence (`/okr team <name> cadence biweekly`) or fewer reminders._',
  ];
  return lines.join('\n');
}
