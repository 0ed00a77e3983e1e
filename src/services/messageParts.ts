import { splitBlocks, type Block } from '../views/blocks.js';

/** A message to send: text (what notifications show) and blocks. */
export interface OutgoingMessage {
  text: string;
  blocks?: Block[];
  /** Sent instead when Slack refuses the blocks (`invalid_blocks`): the same message without its chart. */
  fallback?: OutgoingMessage;
  /** The message with a chart Slack is still processing: put in place by chat.update once `ready()`. */
  upgrade?: { message: OutgoingMessage; ready: () => Promise<boolean> };
}

/**
 * A message cut to Slack's total-text budget (views/blocks splitBlocks): the first part is the
 * message; the others continue it in its thread, each claimed like any other send.
 */
export function partsOf(message: OutgoingMessage): OutgoingMessage[] {
  const split = message.blocks ? splitBlocks(message.blocks) : [];
  if (split.length <= 1) return [message];
  return split.map((blocks, i) => ({
    text: i === 0 ? message.text : `${message.text} (continued, ${i + 1} of ${split.length})`,
    blocks,
    ...(i === 0 && message.fallback && { fallback: partsOf(message.fallback)[0] }),
    ...(i === 0 &&
      message.upgrade && { upgrade: { ...message.upgrade, message: partsOf(message.upgrade.message)[0]! } }),
  }));
}

/**
 * Block Kit as the Web API's form body carries it: one JSON string. Given objects, the client walks
 * every block twice per call — to redact a debug log line it builds even when debug is off, then to
 * encode it — which for App Home and digests (tens of blocks) cost more than the call itself. The
 * bytes sent are the same: a string is passed through as is.
 */
export const asWire = (value: unknown): never => JSON.stringify(value) as never;
