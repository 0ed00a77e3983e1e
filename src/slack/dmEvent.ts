import { isOkrFileName } from '../services/uploadImport.js';

/**
 * What a `message` event in the bot's DM means for okrbot, read from the shapes Slack documents
 * (java-slack-sdk's json-logs/samples/events: MessagePayload, MessageFileSharePayload,
 * MessageChangedPayload). Pure: the listener decides what to do with it.
 */

export type DmText = {
  /** Who wrote it. */
  user: string;
  /** The text as Slack sent it (escaped, with markup): decode before use. */
  text: string;
  channel: string;
  /** The message's own ts (for an edit: the original message's). */
  ts: string;
  /** Set when the message is in a thread: the answer goes into the same thread. */
  threadTs?: string;
  /** An edit (`message_changed`): the edit's ts and the text before it. */
  edit?: { editedTs: string; previousText: string };
};

interface MessageLike {
  type?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  files?: Array<{ name?: string }>;
  edited?: { user?: string; ts?: string };
}

type DmEvent = MessageLike & {
  channel?: string;
  channel_type?: string;
  hidden?: boolean;
  message?: MessageLike;
  previous_message?: MessageLike;
};

/** A person's (not a bot's) message with text and no OKR file: the OKR file goes to the importer. */
function personText(m: MessageLike | undefined): m is MessageLike & { user: string; ts: string; text: string } {
  if (!m?.user || !m.ts || m.bot_id || !m.text?.trim()) return false;
  return !(m.files ?? []).some((f) => f.name !== undefined && isOkrFileName(f.name));
}

/**
 * The text check-in a DM event carries, or null: a new message (with or without files), or a
 * person's edit of one. Joins, bot posts (our own DMs being updated also arrive as
 * `message_changed`), unfurls (a `message_changed` without `edited`) and deletions carry none.
 */
export function readDmText(raw: unknown): DmText | null {
  const event = raw as DmEvent;
  const channel = event.channel;
  if (event.channel_type !== 'im' || !channel) return null;
  const thread = (m: MessageLike) => (m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {});
  if (event.subtype === undefined || event.subtype === 'file_share' || event.subtype === 'thread_broadcast') {
    if (!personText(event)) return null;
    return { user: event.user, text: event.text, channel, ts: event.ts, ...thread(event) };
  }
  if (event.subtype === 'message_changed') {
    const m = event.message;
    if (!personText(m) || !m.edited?.ts) return null;
    const edit = { editedTs: m.edited.ts, previousText: event.previous_message?.text ?? '' };
    if (edit.previousText === m.text) return null; // nothing the person changed in the text
    return { user: m.user, text: m.text, channel, ts: m.ts, ...thread(m), edit };
  }
  return null;
}
