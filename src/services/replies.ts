import { postOnce, type DeliverResult, type OutgoingMessage } from './delivery.js';
import type { AppDeps } from './deps.js';

export const DM_REPLY_PURPOSE = 'dm-reply';

/** What a reply answers: a message, or one edit of it (`edit` = the edit's ts), in its thread if any. */
export interface Answered {
  channel: string;
  ts: string;
  threadTs?: string;
  edit?: string;
}

/** The claim subject of a reply; a reply in a thread names the thread (reconciliation reads it there). */
export function replySubject(m: Answered): string {
  return `channel:${m.channel}/ts:${m.ts}${m.edit ? `/edit:${m.edit}` : ''}${m.threadTs ? `/thread:${m.threadTs}` : ''}`;
}

/**
 * Answers one message someone sent the bot (a text check-in, an edit of one, an uploaded file) at
 * most once, even when its event is replayed after a crash: the reply is claimed under the
 * message's channel and ts (and the edit's), and goes into the message's thread when it has one.
 */
export async function replyOnce(
  deps: AppDeps,
  message: Answered,
  reply: OutgoingMessage,
  personId?: number,
): Promise<DeliverResult> {
  const target = { channel: message.channel, ...(message.threadTs && { threadTs: message.threadTs }) };
  return postOnce(
    deps,
    { purpose: DM_REPLY_PURPOSE, subject: replySubject(message), personId: personId ?? null },
    target,
    () => reply,
  );
}
