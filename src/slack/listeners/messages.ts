import type { App } from '@slack/bolt';
import { replyOnce } from '../../services/replies.js';
import type { AppDeps } from '../../services/deps.js';
import { confirmOncePerWeek, textCheckin } from '../../services/textCheckins.js';
import { textCheckinReply, weeklyConfirmation } from '../../views/textCheckin.js';
import { afterCheckin } from '../../services/checkinEffects.js';
import { readDmText, type DmText } from '../dmEvent.js';
import { decodeSlackText } from '../inboundText.js';
import { namesFor } from '../readText.js';

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
  // One reply per message (and per edit), claimed like any other send: a replayed event cannot answer twice.
  const reply = async (t: string) => {
    const answered = {
      channel: dm.channel,
      ts: dm.ts,
      ...(dm.threadTs && { threadTs: dm.threadTs }),
      ...(dm.edit && { edit: dm.edit.editedTs }),
    };
    const r = await replyOnce(deps, answered, { text: t });
    if (r.status === 'failed' || r.status === 'retry') deps.logger.warn('could not reply in DM', { error: r.error });
  };
  // Slack sends the text escaped, with <…> markup: the use case gets what the person typed, as from the modal.
  const text = decodeSlackText(dm.text, await namesFor(deps, dm.text));
  const outcome = await textCheckin(deps, {
    slackUserId: dm.user,
    text,
    ...(dm.edit && { editOf: decodeSlackText(dm.edit.previousText) }),
  });
  if (outcome.kind !== 'saved') return reply(textCheckinReply(outcome, Boolean(dm.edit)));
  if (!dm.edit && !dm.threadTs && outcome.weeklyDmPosted) {
    // The weekly message above shows each answer as it arrives (updated in place): one short
    // confirmation per week is enough — the deliveries table makes sure it is only one.
    await afterCheckin(deps, outcome.result, dm.user);
    await confirmOncePerWeek(deps, outcome, weeklyConfirmation(outcome.left));
    return;
  }
  await reply(textCheckinReply(outcome, Boolean(dm.edit)));
  await afterCheckin(deps, outcome.result, dm.user);
}
