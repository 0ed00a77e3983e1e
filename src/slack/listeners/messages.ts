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
import { readDmText, type DmText } from '../dmEvent.js';
import { decodeSlackText } from '../inboundText.js';
import { namesFor } from '../readText.js';

/** One short "saved" reply per owner and week to text check-ins (claimed like any other send). */
export const TEXT_ACK_PURPOSE = 'text-ack';

/**
 * Plain-text check-ins typed in the bot's DM: new messages (with or without an attachment) and
 * edits of them. An edit is the person's correction: it updates that week's check-in, never adds one.
 */
export function registerMessages(app: App, deps: AppDeps): void {
  app.event('message', async ({ event }) => {
    const dm = readDmText(event);
    if (dm) await handleDmText(deps, dm);
  });
}

async function handleDmText(deps: AppDeps, dm: DmText): Promise<void> {
  const { user } = dm;
  // One reply per message (and per edit), claimed like any other send: a replayed event cannot answer twice.
  const reply = async (t: string) => {
    const answered = { channel: dm.channel, ts: dm.ts, ...(dm.threadTs && { threadTs: dm.threadTs }), ...(dm.edit && { edit: dm.edit.editedTs }) };
    const r = await replyOnce(deps, answered, { text: t });
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
  // Slack sends the text escaped, with <…> markup: store what the person typed, as the modal does.
  const text = decodeSlackText(dm.text, await namesFor(deps, dm.text));
  const parsed = parseCheckinReply(text, owned, dm.edit ? owned : pending);
  if (!parsed.ok) {
    await reply(dm.edit ? `I read your edit, but: ${parsed.reason}` : parsed.reason);
    return;
  }
  if (dm.edit) {
    const before = parseCheckinReply(decodeSlackText(dm.edit.previousText), owned, owned);
    if (before.ok && before.krKey !== parsed.krKey) {
      await reply(`An edit corrects the check-in it was: ${before.krKey} stays as it was. To check in on ${parsed.krKey}, send it as a new message.`);
      return;
    }
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
    await reply(escapeMrkdwn(result.error));
    return;
  }
  if (result.changed) deps.metrics.checkins.inc({ via: 'text' });
  deps.logger.info('check-in recorded', { krId: result.kr.id, week, created: result.created, changed: result.changed, via: dm.edit ? 'text-edit' : 'text' });
  const left = pending.filter((k) => k !== parsed.krKey).length;
  if (!result.changed) {
    await reply(`Already recorded: ${result.kr.key} ${scoreText(parsed.confidence)} for week ${week}. Nothing changed.`);
    return;
  }
  if (dm.edit) {
    await reply(`✏️ Updated ${result.kr.key} for week ${week} with your edit: ${scoreText(parsed.confidence)}.`);
    await afterCheckin(deps, result, user);
    return;
  }
  if (!dm.threadTs && await weeklyDmPosted(deps, cycle, person.id, week)) {
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
}
