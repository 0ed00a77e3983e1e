import { ConfigError, loadSlackConfig, secretsOf } from '../config.js';
import { createLogger } from '../log.js';
import { startBot } from '../slack/app.js';
import type { CommandContext } from './context.js';

type Values = Record<string, string | boolean | undefined>;

/** `okrbot start`: runs the bot until SIGTERM/SIGINT, then shuts down gracefully. */
export async function startCommand(ctx: CommandContext, values: Values): Promise<number> {
  let config;
  try {
    config = loadSlackConfig({
      ...ctx.io.env,
      ...(typeof values.db === 'string' && { DATABASE_PATH: values.db, DATABASE_URL: '' }),
    });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    ctx.io.err('okrbot cannot start; fix these environment variables:');
    for (const p of e.problems) ctx.io.err(`  ${p}`);
    ctx.io.err(
      'See README.md, "Connect to Slack in five steps", and docs/slack.md for creating the app and its tokens.',
    );
    return 2;
  }
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const bot = await startBot({ config, logger });
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info('signal received', { signal });
      void bot.stop().then(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}
