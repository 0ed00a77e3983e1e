import type { Confidence } from '../domain/types.js';
import { escapeMrkdwn } from './blocks.js';
import { scoreText } from './checkinMessage.js';

/** What the answer needs to know of a text check-in's outcome (services/textCheckins returns more). */
export type TextCheckinResult =
  | { kind: 'no_cycle' | 'not_an_owner' }
  | { kind: 'no_current_week'; cycleName: string }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'edit_moves_kr'; from: string; to: string }
  | { kind: 'not_stored'; krKey: string; confidence: Confidence }
  | { kind: 'refused'; error: string }
  | { kind: 'unchanged'; krKey: string; confidence: Confidence; week: number }
  | { kind: 'saved'; krKey: string; confidence: Confidence; week: number; left: number };

/** The words of every answer to a check-in typed in the DM (the outcome comes from services/textCheckins). */
export function textCheckinReply(o: TextCheckinResult, edit: boolean): string {
  switch (o.kind) {
    case 'no_cycle':
      return 'There is no active OKR cycle yet.';
    case 'not_an_owner':
      return 'You own no key results in the active cycle, so there is nothing to check in on. `/okr help` lists what I can do.';
    case 'no_current_week':
      return `Cycle ${escapeMrkdwn(o.cycleName)} has no current week, so there is nothing to check in on.`;
    case 'unreadable':
      return edit ? `I read your edit, but: ${o.reason}` : o.reason;
    case 'edit_moves_kr':
      return `An edit corrects the check-in it was: ${o.from} stays as it was. To check in on ${o.to}, send it as a new message.`;
    case 'not_stored':
      return `⚠️ I could not save that check-in just now, so nothing was recorded. Please send it again in a minute: \`${o.krKey} ${o.confidence} …\``;
    case 'refused':
      return escapeMrkdwn(o.error);
    case 'unchanged':
      return `Already recorded: ${o.krKey} ${scoreText(o.confidence)} for week ${o.week}. Nothing changed.`;
    case 'saved':
      if (edit) return `✏️ Updated ${o.krKey} for week ${o.week} with your edit: ${scoreText(o.confidence)}.`;
      return `✅ Saved ${o.krKey} for week ${o.week}: ${scoreText(o.confidence)}.${o.left ? ` ${o.left} still to answer.` : ' That was your last one this week. Thank you!'}`;
  }
}

/** The one confirmation a week when the weekly DM shows the answers. */
export function weeklyConfirmation(left: number): string {
  return `✅ Saved. My check-in message above shows your answers as you send them${left ? ` (${left} still to answer)` : ''}.`;
}
