import type { Cycle, Person } from '../db/schema.js';
import { parseCheckinReply } from '../domain/reply.js';
import { getActiveCycle } from '../store/cycles.js';
import { subjects } from '../store/deliveries.js';
import { currentWeekOf, submitCheckin, type SubmitResult } from './checkins.js';
import { checkinItems, weeklyDmPosted } from './weeklyDm.js';
import { postOnce } from './delivery.js';
import type { AppDeps } from './deps.js';
import { identify } from './people.js';
import type { TextCheckinResult } from '../views/textCheckin.js';

/**
 * A check-in typed in the bot's DM (or an edit of one), as a use case: the text is already what
 * the person typed (decoded by the Slack adapter). Returns what happened; the adapter words it.
 */

/** What the adapter words (views/textCheckin.ts), and, once saved, what it needs to update Slack. */
export type TextCheckinOutcome =
  | Exclude<TextCheckinResult, { kind: 'saved' }>
  | (Extract<TextCheckinResult, { kind: 'saved' }> & {
      result: Extract<SubmitResult, { ok: true }>;
      /** The weekly DM is in Slack (it shows the answer, updated in place). */
      weeklyDmPosted: boolean;
      cycle: Cycle;
      person: Person;
    });

export async function textCheckin(
  deps: AppDeps,
  input: { slackUserId: string; text: string; editOf?: string },
): Promise<TextCheckinOutcome> {
  const cycle = await getActiveCycle(deps.db);
  if (!cycle) return { kind: 'no_cycle' };
  const person = await identify(deps, input.slackUserId);
  if (!person) return { kind: 'not_an_owner' };
  const week = await currentWeekOf(deps, cycle, person);
  if (week === null) return { kind: 'no_current_week', cycleName: cycle.name };
  const items = await checkinItems(deps.db, cycle, person.id, week);
  const owned = items.map((i) => i.kr.key);
  const pending = items.filter((i) => !i.current).map((i) => i.kr.key);
  const editing = input.editOf !== undefined;
  const parsed = parseCheckinReply(input.text, owned, editing ? owned : pending);
  if (!parsed.ok) return { kind: 'unreadable', reason: parsed.reason };
  if (editing) {
    const before = parseCheckinReply(input.editOf!, owned, owned);
    if (before.ok && before.krKey !== parsed.krKey)
      return { kind: 'edit_moves_kr', from: before.krKey, to: parsed.krKey };
  }
  const item = items.find((i) => i.kr.key === parsed.krKey)!;
  let result: SubmitResult;
  try {
    result = await submitCheckin(deps, {
      slackUserId: input.slackUserId,
      krId: item.kr.id,
      week,
      confidence: parsed.confidence,
      evidence: parsed.evidence,
    });
  } catch (e) {
    deps.logger.error('could not store a text check-in', { error: e instanceof Error ? e : String(e) });
    return { kind: 'not_stored', krKey: parsed.krKey, confidence: parsed.confidence };
  }
  if (!result.ok) return { kind: 'refused', error: result.error };
  if (result.changed) deps.metrics.checkins.inc({ via: 'text' });
  deps.logger.info('check-in recorded', {
    krId: result.kr.id,
    week,
    created: result.created,
    changed: result.changed,
    via: editing ? 'text-edit' : 'text',
  });
  if (!result.changed) return { kind: 'unchanged', krKey: result.kr.key, confidence: parsed.confidence, week };
  const left = pending.filter((k) => k !== parsed.krKey).length;
  return {
    kind: 'saved',
    result,
    krKey: result.kr.key,
    confidence: parsed.confidence,
    week,
    left,
    weeklyDmPosted: await weeklyDmPosted(deps, cycle, person.id, week),
    cycle,
    person,
  };
}

/** One short "saved" reply per owner and week to text check-ins (claimed like any other send). */
export const TEXT_ACK_PURPOSE = 'text-ack';

/** With the weekly DM posted, the answers show there: one confirmation a week is enough. */
export async function confirmOncePerWeek(
  deps: AppDeps,
  saved: Extract<TextCheckinOutcome, { kind: 'saved' }>,
  text: string,
): Promise<void> {
  const { cycle, week, person } = saved;
  const claim = {
    purpose: TEXT_ACK_PURPOSE,
    subject: subjects.textAck(cycle.id, week, person.id),
    cycleId: cycle.id,
    week,
    personId: person.id,
  };
  await postOnce(deps, claim, { personId: person.id }, () => ({ text }));
}
