import type { App } from '@slack/bolt';
import { parseCheckinReply } from '../../domain/reply.js';
import { checkinItems, currentWeekOf, submitCheckin, weeklyDmPosted } from '../../services/checkins.js';
import { postOnce, replyOnce } from '../../services/delivery.js';
import { subjects } from '../../store/deliveries.js';
import type { AppDeps } from '../../services/deps.js';
import { identify } from '../../services/people.js';
import { getActiveCycle } from '../../store/cycles.js';
import { escapeMrkdwn } from '../../views/blocks.js';
import { scoreText } from '../../views/checkinMessage.js';
import { afterCheckin } from '../checkinFlow.js';

/** One short "saved" reply per owner and week to text check-ins (claimed like any other send). */
export const TEXT_ACK_PURPOSE = 'text-ack';

/** Plain-text check-ins typed in the bot's DM. */
export function registerMessages(app: App, deps: AppDeps): void {
  app.event('message', async ({ event }) => {
    // Only people's new messages in the DM: no edits, joins or bot posts (including our own).
    if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event && event.bot_id) return;
    const text = 'text' in event ? (event.text ?? '') : '';
    const user = 'user' in event ? event.user : undefined;
    if (!user || !text.trim()) return;
    // One reply per message, claimed like any other send: a replayed event cannot answer twice.
    const reply = async (t: string) => {
      const r = await replyOnce(deps, { channel: event.channel, ts: event.ts }, { text: t });
      if (r.status === 'failed' || r.status === 'retry') deps.logger.warn('could not reply in DM', { error: r.error });
    };

    const cycle = await getActiveCycle(deps.db);
    const person = await identify(deps, user);
    if (!cycle || !person) {
      await reply(cycle ? 'You own no key results in the active cycle, so there is nothing to check in on. `/okr help` lists what I can do.' : 'There is no active OKR cycle yet.');
      return;
    }
    const week = await currentWeekOf(deps, cycle, person);
    if (week === null) {
      await reply(`Cycle ${escapeMrkdwn(cycle.name)} has no current week, so there is nothing to check in on.`);
      return;
    }
    const items = await checkinItems(deps.db, cycle, person.id, week);
    const owned = items.map((i) => i.kr.key);
    const pending = items.filter((i) => !i.current).map((i) => i.kr.key);
    const parsed = parseCheckinReply(text, owned, pending);
    if (!parsed.ok) {
      await reply(parsed.reason);
      return;
    }
    const item = items.find((i) => i.kr.key === parsed.krKey)!;
    let result: Awaited<ReturnType<typeof submitCheckin>>;
    try {
      result = await submitCheckin(deps, { slackUserId: user, krId: item.kr.id, week, confidence: parsed.confidence, evidence: parsed.evidence });
    } catch (e) {
      // Slack already has its 200 for this event and will not retry: say so, never stay silent.
      deps.logger.error('could not store a text check-in', { error: e instanceof Error ? e : String(e) });
      await reply(`⚠️ I could not save that check-in just now, so nothing was recorded. Please send it again in a minute: \`${parsed.krKey} ${parsed.confidence} …\``);
      return;
    }
    if (!result.ok) {
      await reply(result.error);
      return;
    }
    if (result.changed) deps.metrics.checkins.inc({ via: 'text' });
    deps.logger.info('check-in recorded', { krId: result.kr.id, week, created: result.created, changed: result.changed, via: 'text' });
    const left = pending.filter((k) => k !== parsed.krKey).length;
    if (!result.changed) {
      await reply(`Already recorded: ${result.kr.key} ${scoreText(parsed.confidence)} for week ${week}. Nothing changed.`);
      return;
    }
    if (await weeklyDmPosted(deps, cycle, person.id, week)) {
      // The weekly message above shows each answer as it arrives (updated in place); one short
      // confirmation per week is enough — the deliveries table makes sure it is only one.
      await afterCheckin(deps, result, user);
      await postOnce(deps, { purpose: TEXT_ACK_PURPOSE, subject: subjects.textAck(cycle.id, week, person.id), cycleId: cycle.id, week, personId: person.id }, { personId: person.id }, () => ({
        text: `✅ Saved. My check-in message above shows your answers as you send them${left ? ` (${left} still to answer)` : ''}.`,
      }));
      return;
    }
    await reply(`✅ Saved ${result.kr.key} for week ${week}: ${scoreText(parsed.confidence)}.${left ? ` ${left} still to answer.` : ' That was your last one this week. Thank you!'}`);
    await afterCheckin(deps, result, user);
  });
}
