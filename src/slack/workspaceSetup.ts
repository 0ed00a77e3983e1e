import { App, type AppOptions } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { isDistributed, type SlackConfig } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { AppDeps } from '../services/deps.js';
import {
  distributedWorkspaces,
  runScoped,
  singleWorkspace,
  uninstallWorkspace,
  type Tenancy,
} from '../services/tenancy.js';
import { parseTokenKey } from '../services/tokenVault.js';
import { workspaceInstallationStore } from '../services/installations.js';
import { installCallbacks } from './installPages.js';
import type { NotServed } from './notServed.js';

/** The bot scopes okrbot asks for at install: the same as manifest.yml's (a test keeps them equal). */
export const BOT_SCOPES = [
  'channels:history',
  'chat:write',
  'commands',
  'files:read',
  'files:write',
  'groups:history',
  'im:history',
  'im:write',
  'users:read',
  'users:read.email',
];

/**
 * One workspace (SLACK_BOT_TOKEN) or many (SLACK_CLIENT_ID…: OAuth through Bolt's installer,
 * `/slack/install` and `/slack/oauth_redirect`, installs stored in the workspaces table).
 */
export function workspaceSetup(
  config: SlackConfig,
  db: Db,
  clock: () => Date,
  clientOptions: WebClientOptions,
  logger: Logger,
) {
  if (!isDistributed(config)) {
    return {
      appOptions: { token: config.SLACK_BOT_TOKEN } satisfies Partial<AppOptions>,
      tenancy: (base: AppDeps): Tenancy => singleWorkspace(base),
    };
  }
  const key = parseTokenKey(config.OKRBOT_TOKEN_KEY!);
  let tenancy: Tenancy | null = null;
  const appOptions = {
    clientId: config.SLACK_CLIENT_ID!,
    clientSecret: config.SLACK_CLIENT_SECRET!,
    stateSecret: config.SLACK_STATE_SECRET!,
    scopes: BOT_SCOPES,
    installationStore: workspaceInstallationStore(
      db,
      key,
      clock,
      (teamId) => tenancy?.forget(teamId),
      (token) => new WebClient(token, clientOptions).auth.revoke(),
    ),
    // The install page, then Slack's redirect (oauth.v2.access through the same transport), then our pages.
    installerOptions: { clientOptions, directInstall: false, callbackOptions: installCallbacks(logger) },
  } satisfies Partial<AppOptions>;
  return {
    appOptions,
    tenancy: (base: AppDeps): Tenancy =>
      (tenancy = distributedWorkspaces(base, key, (token) => new WebClient(token, clientOptions), config.OKR_ADMINS)),
  };
}

/**
 * Every request runs with its workspace's deps (see services/tenancy.ts). A request from a
 * workspace okrbot does not serve (uninstalled) is dropped after Bolt's ack, said once per workspace.
 */
export function scopeRequests(app: App, tenancy: Tenancy, notServed: NotServed): void {
  app.use(async ({ context, next }) => {
    const deps = await tenancy.forTeam(context.teamId ?? undefined);
    if (!deps) {
      notServed.report(context.teamId ?? undefined, 'not_installed');
      return;
    }
    await runScoped(deps, next);
  });
}

/** Uninstalled, or the bot token revoked: forget the token; the scheduler stops serving it. */
export function handleUninstalls(app: App, db: Db, tenancy: Tenancy, clock: () => Date, logger: Logger): void {
  const uninstall = async (teamId: string | undefined, why: string) => {
    if (!teamId) return;
    if (await uninstallWorkspace(db, teamId, clock()))
      logger.info('workspace uninstalled: its token is deleted and nothing more is sent there', { teamId, why });
    tenancy.forget(teamId);
  };
  app.event('app_uninstalled', async ({ context }) => uninstall(context.teamId, 'app_uninstalled'));
  app.event('tokens_revoked', async ({ event, context }) => {
    if (event.tokens.bot?.length) await uninstall(context.teamId, 'tokens_revoked');
  });
}
