import type { KrInfo } from '../domain/types.js';
import { actions, button, context, escapeMrkdwn, safeText, section, type Block } from './blocks.js';
import { plural } from './text.js';

/**
 * Escalation: the private DM a team's leads get when an owner has missed check-ins weeks in a row
 * (never the channel), with a button to nudge the owner; and the nudge the owner then gets.
 */

export const NUDGE_ACTION = 'escalation:nudge';

export interface NudgeButton {
  /** Person (owner) id, team id, first missed week of the run. */
  p: number;
  t: number;
  s: number;
}

export interface EscalationView {
  ownerSlackId: string | null;
  ownerName: string;
  teamName: string;
  weeks: number[];
  krs: KrInfo[];
  /** Who nudged and when (HH:MM day), once they did. */
  nudgedBy?: string | null;
  /** Set once the owner has checked in again. */
  answeredSince?: boolean;
  button: NudgeButton;
}

const weeksText = (weeks: number[]) =>
  weeks.length === 1 ? `week ${weeks[0]}` : `weeks ${weeks.slice(0, -1).join(', ')} and ${weeks.at(-1)}`;

export function renderEscalation(v: EscalationView): { text: string; blocks: Block[] } {
  const who = v.ownerSlackId ? `<@${v.ownerSlackId}>` : escapeMrkdwn(v.ownerName);
  const missed = `${who} has not checked in for ${plural(v.weeks.length, 'week')} in a row (${weeksText(v.weeks)}) in *${safeText(v.teamName, 80)}*.`;
  const list = v.krs.map((k) => `• *${k.key}* ${safeText(k.title, 200)}`).join('\n');
  const blocks: Block[] = [section(`${missed}\n${list}`)];
  if (v.answeredSince) blocks.push(context(`✅ ${who} has checked in since — nothing to do.`));
  else if (v.nudgedBy) blocks.push(context(`✅ Nudged by <@${v.nudgedBy}>. They got one private DM from okrbot.`));
  else
    blocks.push(
      actions('escalation', [button(`Nudge ${safeText(v.ownerName, 40)}`, NUDGE_ACTION, JSON.stringify(v.button))]),
    );
  blocks.push(
    context('Only you (the team’s leads) get this, privately — never the channel. A word in person often works best.'),
  );
  return {
    text: escapeMrkdwn(
      `${v.ownerName} has not checked in for ${plural(v.weeks.length, 'week')} in a row (${v.teamName}).`,
    ),
    blocks,
  };
}

/** The owner's nudge, sent once when a lead asks for it. */
export function renderNudge(v: { leadSlackId: string; krs: KrInfo[]; since: number }): {
  text: string;
  blocks: Block[];
} {
  const keys = v.krs.map((k) => k.key).join(', ');
  const line = `<@${v.leadSlackId}> asked me to nudge you: ${plural(v.krs.length, 'key result')} (${keys}) ${v.krs.length === 1 ? 'has' : 'have'} had no check-in since week ${v.since}.`;
  return {
    text: `A nudge about your check-ins: ${keys}`,
    blocks: [
      section(line),
      context('Answer in your weekly check-in DM or with `/okr checkin`. If something is in the way, tell your lead.'),
    ],
  };
}

/** Why a Nudge click did nothing, as the notice says it. */
export const NUDGE_REFUSAL: Record<
  'no_cycle' | 'not_lead' | 'no_longer_missed' | 'already_nudged' | 'not_sent',
  { title: string; text: string }
> = {
  no_cycle: { title: 'Cycle closed', text: 'The cycle has closed; there is no check-in to nudge about.' },
  not_lead: { title: 'Leads only', text: 'Only this team’s leads (or okrbot admins, when it has none) can nudge.' },
  no_longer_missed: { title: 'Answered', text: 'They have checked in since — no nudge needed.' },
  already_nudged: { title: 'Already nudged', text: 'They were already nudged about these check-ins; once is enough.' },
  not_sent: { title: 'Not sent', text: 'Slack did not take the nudge just now. Try again in a minute.' },
};
