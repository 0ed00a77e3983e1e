import type { App, RespondFn } from '@slack/bolt';
import { slackErrorCode, type AppDeps } from '../../services/deps.js';
import { replyInAck, runOkrCommand, type Reply } from '../commands.js';
import { parseOkrCommand } from '../okrCommandParser.js';
import { mentionedUsers } from '../inboundText.js';
import { namesFor } from '../readText.js';
import { fitBlocks } from '../../views/blocks.js';

/** Subcommands whose text is stored as someone typed it. */
const FREE_TEXT = new Set(['decide', 'grade', 'link']);

/**
 * `/okr`. What only reads (help, mine, show, digest preview, a mistyped command) is answered in
 * the acknowledgement itself: one HTTP exchange, no response_url call. Everything else is
 * acknowledged at once, then answered through response_url (or with a modal).
 */
export function registerOkrCommand(app: App, deps: AppDeps): void {
  app.command('/okr', async ({ ack, command, respond }) => {
    const text = command.text ?? '';
    let parsed = parseOkrCommand(text);
    // Mentions in free text (a rationale, a learning, a title) are stored by name: look them up only then.
    if (FREE_TEXT.has(parsed.kind) && mentionedUsers(text).length)
      parsed = parseOkrCommand(text, await namesFor(deps, text));
    const req = { slackUserId: command.user_id, triggerId: command.trigger_id };
    let quick: Reply | undefined;
    try {
      quick = parsed.kind === 'error' ? { text: parsed.message } : await replyInAck(deps, req, parsed);
    } catch (e) {
      deps.logger.error('/okr failed', { subcommand: parsed.kind, error: e instanceof Error ? e : String(e) });
      quick = { text: 'Something went wrong on our side; nothing was changed. Please try again.' };
    }
    if (quick) {
      const { followUp, ...body } = fit(quick);
      await ack({ response_type: 'ephemeral', ...body } as never);
      if (followUp) await answer(deps, respond, await followUp());
      return;
    }
    await ack();
    if (parsed.kind === 'error') return;
    const reply = await runOkrCommand(deps, req, parsed).catch((e: unknown) => {
      deps.logger.error('/okr failed', { subcommand: parsed.kind, error: e instanceof Error ? e : String(e) });
      return { text: 'Something went wrong on our side; nothing was changed. Please try again.' };
    });
    if (!reply) return;
    const { followUp, ...body } = reply as NonNullable<Reply>;
    await answer(deps, respond, body);
    if (followUp) await answer(deps, respond, await followUp());
  });
}

/** An ephemeral answer cannot continue in a thread: cut to Slack's total-text budget, saying so. */
function fit<R extends NonNullable<Reply>>(reply: R): R {
  if (!reply.blocks) return reply;
  return {
    ...reply,
    blocks: fitBlocks(
      reply.blocks,
      (n) => `…and ${n} more section(s): Slack shows about 12,000 characters in one message.`,
    ),
  };
}

async function answer(deps: AppDeps, respond: RespondFn, reply: Reply): Promise<void> {
  if (!reply) return;
  reply = fit(reply);
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, ...reply } as never);
  } catch (e) {
    deps.logger.warn('could not answer /okr', { error: slackErrorCode(e) });
  }
}
