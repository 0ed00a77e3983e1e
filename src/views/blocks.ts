import type { types } from '@slack/bolt';
import { truncate } from './text.js';

/**
 * Block Kit building blocks and Slack's limits. Every view is a pure function of data that stays
 * within these limits by construction; user text is always escaped before it enters mrkdwn.
 */

export const LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100, // modals and App Home
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  actionsElements: 25,
  modalTitle: 24,
  privateMetadata: 3000,
  inputMaxLength: 3000,
  optionText: 75,
  messageText: 4000, // fallback text we send; Slack truncates past 40,000
} as const;

/** Escapes the three characters Slack treats as control characters, so `<!channel>` never pings. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped and cut to fit a limit, with an ellipsis; cutting never splits an escape sequence. */
export function safeText(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let cut = truncate(text, max);
  while (escapeMrkdwn(cut).length > max) cut = truncate(cut, cut.length - 10);
  return escapeMrkdwn(cut);
}

/** Blocks and surfaces are Slack's own types (re-exported by Bolt), so the compiler checks every view. */
export type Block = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type Button = types.Button;

export const mrkdwn = (text: string): types.MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(text, LIMITS.sectionText),
});
export const plain = (text: string, max: number = LIMITS.sectionText): types.PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: true,
});

export function section(
  text: string,
  extra: Partial<Omit<types.SectionBlock, 'type' | 'text'>> = {},
): types.SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...extra };
}

export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function context(...texts: string[]): types.ContextBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)) };
}

export const divider = (): types.DividerBlock => ({ type: 'divider' });

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  if (value.length > LIMITS.buttonValue) throw new RangeError(`button value too long for ${actionId}`);
  return { type: 'button', text: plain(text, LIMITS.buttonText), action_id: actionId, value, ...(style && { style }) };
}

/** An option of a select, radio or checkbox element. */
export const option = (value: string, text: string) => ({ text: plain(text, LIMITS.optionText), value });

/** An input block of a modal: label, the element (its action_id from the field), optional or not. */
export function inputBlock(
  field: { block: string; action: string },
  label: string,
  element: Record<string, unknown>,
  optional = false,
): Block {
  return {
    type: 'input',
    block_id: field.block,
    label: plain(label),
    optional,
    element: { action_id: field.action, ...element },
  } as Block;
}

export function actions(blockId: string, elements: types.ActionsBlockElement[]): types.ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMITS.actionsElements) };
}

/**
 * Packs lines (already escaped) into as few sections as fit Slack's 3000-character limit, using at
 * most `maxBlocks` blocks; what does not fit is summarised as "…and n more".
 */
export function linesToSections(
  lines: string[],
  maxBlocks: number,
  moreLabel = (n: number) => `…and ${n} more`,
): Block[] {
  const blocks: Block[] = [];
  let current: string[] = [];
  let length = 0;
  const budget = LIMITS.sectionText - 40; // room for the "more" line
  for (let i = 0; i < lines.length; i++) {
    const line = truncate(lines[i]!, budget);
    if (length + line.length + 1 > budget && current.length > 0) {
      if (blocks.length + 1 >= maxBlocks) {
        current.push(`_${moreLabel(lines.length - i)}_`);
        blocks.push(section(current.join('\n')));
        return blocks;
      }
      blocks.push(section(current.join('\n')));
      current = [];
      length = 0;
    }
    current.push(line);
    length += line.length + 1;
  }
  if (current.length) blocks.push(section(current.join('\n')));
  return blocks;
}

/**
 * Slack refuses a message whose blocks hold more than about 12,000 characters of text in total
 * (`msg_blocks_too_long`: reproduced at 13.2k, stated by a maintainer in bolt-js #2509 and #2867),
 * even when every block is within its own limit. Every message okrbot sends stays under this.
 */
export const MESSAGE_TEXT_BUDGET = 11_000;

/** Characters of text in blocks, as Slack counts them toward the total: every text and alt text. */
export function blocksTextLength(blocks: readonly unknown[]): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'text' || k === 'alt_text') && typeof x === 'string') n += x.length;
        else walk(x);
      }
    }
  };
  walk(blocks);
  return n;
}

/**
 * Blocks cut into consecutive messages that each fit Slack's total-text budget and block count:
 * the one function every long message goes through (the gateway posts the rest in its thread).
 */
export function splitBlocks(
  blocks: Block[],
  budget: number = MESSAGE_TEXT_BUDGET,
  maxBlocks: number = LIMITS.messageBlocks,
): Block[][] {
  const parts: Block[][] = [];
  let current: Block[] = [];
  let size = 0;
  for (const block of blocks) {
    const n = blocksTextLength([block]);
    if (current.length > 0 && (size + n > budget || current.length >= maxBlocks)) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(block);
    size += n;
  }
  if (current.length) parts.push(current);
  return parts;
}

/** For a reply that cannot continue elsewhere (an ephemeral answer): the blocks that fit, and a note. */
export function fitBlocks(blocks: Block[], note: (left: number) => string): Block[] {
  const parts = splitBlocks(blocks, MESSAGE_TEXT_BUDGET - 200, LIMITS.messageBlocks - 1);
  if (parts.length <= 1) return blocks;
  const left = blocks.length - parts[0]!.length;
  return [...parts[0]!, context(note(left))];
}
