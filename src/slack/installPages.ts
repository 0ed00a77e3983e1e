import type { HTTPReceiverOptions } from '@slack/bolt';
import type { ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { OrgWideInstallError } from '../services/installations.js';
import { installFailedPage, installSucceededPage, type InstallFailure, type Page } from '../views/installPages.js';

type CallbackOptions = NonNullable<NonNullable<HTTPReceiverOptions['installerOptions']>['callbackOptions']>;

/** Bolt's installer calls these at the end of /slack/oauth_redirect: our pages instead of its generic ones. */

/** Slack's refusals of okrbot's own credentials (oauth.v2.access), as opposed to the code it was given. */
const APP_ERRORS = ['invalid_client_id', 'bad_client_secret', 'bad_redirect_uri', 'invalid_client'];
const CODE_ERRORS = ['invalid_code', 'code_already_used', 'code_expired', 'invalid_grant_type'];

/** What went wrong, from the installer's coded error (or the Web API's, or ours). */
export function installFailure(error: unknown): InstallFailure {
  if (error instanceof OrgWideInstallError) return 'org_wide';
  const e = error as { code?: string; data?: { error?: string } };
  const slack = e.data?.error ?? '';
  if (e.code === 'slack_oauth_installer_authorization_error') return 'cancelled';
  if (['slack_oauth_missing_state', 'slack_oauth_invalid_state', 'slack_oauth_missing_code'].includes(e.code ?? ''))
    return 'expired_link';
  if (APP_ERRORS.includes(slack)) return 'app_misconfigured';
  if (CODE_ERRORS.includes(slack)) return 'code_rejected';
  return 'not_saved';
}

function send(res: ServerResponse, { status, html }: Page): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export function installCallbacks(logger: Logger): CallbackOptions {
  return {
    success: (installation, _options, _req, res) => {
      const team = installation.team ?? { id: '', name: undefined };
      logger.info('okrbot installed', { teamId: team.id, workspace: team.name, by: installation.user.id });
      send(res, installSucceededPage({ id: team.id, name: team.name ?? null }, installation.appId));
    },
    failure: (error, _options, _req, res) => {
      const reason = installFailure(error);
      const fields = { reason, code: error.code, error: error instanceof Error ? error : String(error) };
      if (reason === 'app_misconfigured' || reason === 'not_saved') logger.error('install failed', fields);
      else logger.warn('install not completed', fields);
      send(res, installFailedPage(reason));
    },
  };
}
