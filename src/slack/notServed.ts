import { ErrorCode, type App } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import type { Logger } from '../log.js';
import { NotInstalledError } from '../services/installations.js';
import { TokenKeyError } from '../services/tokenVault.js';
import { notServedHere } from '../views/access.js';
import { slackFetch } from './webClient.js';

/**
 * Requests from a workspace okrbot does not serve (uninstalled, or its stored token unreadable) are
 * expected, not bugs: Bolt acks them, okrbot says so once per workspace (a warning; an error when
 * the token does not open, which the host must fix), and a `/okr` there gets a one-line answer.
 */
export class NotServed {
  private readonly said = new Set<string>();
  constructor(private readonly logger: Logger) {}

  report(teamId: string | undefined, why: 'not_installed' | 'token_unreadable'): void {
    const key = `${teamId ?? '?'}:${why}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    if (why === 'token_unreadable')
      this.logger.error('requests from a workspace whose stored token does not open are not served', { teamId });
    else
      this.logger.warn('requests from a workspace okrbot is not installed in are not served (said once)', {
        teamId,
      });
  }
}

type Body = Record<string, unknown>;

/** Bolt wraps the installation store's error in the installer's, and that in its own: the first that is not a wrapper. */
function rootCause(error: unknown): unknown {
  let e = error as { original?: unknown } | undefined;
  while (e && typeof e === 'object' && 'original' in e && e.original) e = e.original as { original?: unknown };
  return e;
}

function teamOf(body: Body): string | undefined {
  const team = body.team_id ?? (body.team as Body | undefined)?.id;
  return typeof team === 'string' ? team : undefined;
}

/** The app's error handler: requests not served are answered quietly; anything else is a real error. */
export function handleErrors(app: App, logger: Logger, notServed: NotServed): void {
  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => {
    if (error.code !== ErrorCode.AuthorizationError) {
      logger.error('unhandled listener error', { error });
      return;
    }
    const cause = rootCause(error);
    const why = cause instanceof TokenKeyError ? 'token_unreadable' : 'not_installed';
    if (!(cause instanceof NotInstalledError) && why === 'not_installed')
      logger.error('could not authorize a request', { error: cause instanceof Error ? cause : String(cause) });
    const b = (body ?? {}) as Body;
    notServed.report(teamOf(b), why);
    // A slash command is answered at its response_url (no token needed; the same transport and proxy as
    // every call to Slack); other requests just get Bolt's ack.
    if (typeof b.command === 'string' && typeof b.response_url === 'string')
      await slackFetch(b.response_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text: notServedHere(why) }),
      }).catch(() => undefined);
  });
}
