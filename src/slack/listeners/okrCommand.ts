import type { App } from '@slack/bolt';
import { slackErrorCode, type AppDeps } from '../../services/deps.js';
import { runOkrCommand } from '../commands.js';
import { parseOkrCommand } from '../okrCommandParser.js';

/** `/okr`: ack at once, then answer ephemerally through response_url. */
export function registerOkrCommand(app: App, deps: AppDeps): void {
  app.command('/okr', async ({ ack, command, respond }) => {
    await ack();
    const parsed = parseOkrCommand(command.text ?? '');
    const reply =
      parsed.kind === 'error'
        ? { text: parsed.message }
        : await runOkrCommand(deps, { slackUserId: command.user_id, triggerId: command.trigger_id }, parsed).catch((e: unknown) => {
            deps.logger.error('/okr failed', { subcommand: parsed.kind, error: e instanceof Error ? e : String(e) });
            return { text: 'Something went wrong on our side; nothing was changed. Please try again.' };
          });
    if (!reply) return;
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, ...reply } as never);
    } catch (e) {
      deps.logger.warn('could not answer /okr', { error: slackErrorCode(e) });
    }
  });
}
