import { WebClient } from '@slack/web-api';
import { isDistributed, loadWebApiConfig, secretsOf, type SlackConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { closeDatabase, openDatabase } from '../db/open.js';
import { createLogger, toSlackLogger, type Logger } from '../log.js';
import { Metrics } from '../metrics.js';
import { baseAdmins } from '../services/admins.js';
import type { AppDeps } from '../services/deps.js';
import type { Tenancy } from '../services/tenancy.js';
import { webClientOptions } from '../slack/webClient.js';
import { workspaceSetup } from '../slack/workspaceSetup.js';
import type { CommandContext } from './context.js';

type Values = Record<string, string | boolean | undefined>;

export interface SlackCommandDeps {
  config: SlackConfig;
  logger: Logger;
  db: Db;
  /** The process's deps (the single workspace's, or the base of many). */
  base: AppDeps;
  /** One workspace (SLACK_BOT_TOKEN) or every OAuth install, each with its own token. */
  tenancy: Tenancy;
  close(): Promise<void>;
}

/** What a command that talks to Slack (`run`, `mcp`) opens: config, logger, database, each workspace's deps. */
export async function slackCommandDeps(
  ctx: CommandContext,
  values: Values,
  clock: () => Date,
): Promise<SlackCommandDeps> {
  const config = loadWebApiConfig({
    ...ctx.io.env,
    ...(typeof values.db === 'string' && { DATABASE_PATH: values.db, DATABASE_URL: '' }),
  });
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const db = await openDatabase({ url: config.DATABASE_URL, path: config.DATABASE_PATH });
  const clientOptions = { ...webClientOptions(config), logger: toSlackLogger(logger, 'web-api') };
  const base: AppDeps = {
    db,
    client: new WebClient(config.SLACK_BOT_TOKEN, clientOptions),
    logger,
    clock,
    admins: baseAdmins(config.OKR_ADMINS, isDistributed(config)),
    metrics: new Metrics(),
    charts: config.OKRBOT_CHARTS !== 'off',
  };
  const tenancy = workspaceSetup(config, db, clock, clientOptions, logger).tenancy(base);
  return { config, logger, db, base, tenancy, close: () => closeDatabase(db) };
}
