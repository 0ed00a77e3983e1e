import type { Block } from '../views/blocks.js';

/** What an `/okr` subcommand answers (only the asker sees it), and the words several of them share. */

export type Reply = {
  text: string;
  blocks?: Block[];
  /** A second ephemeral answer sent after the first (a chart, which takes an upload). */
  followUp?: () => Promise<Reply>;
} | null;

export const NO_CYCLE = 'There is no active OKR cycle. An admin can start one with `/okr cycle start`.';
