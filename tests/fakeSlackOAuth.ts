/**
 * The fake Slack's side of OAuth v2: a workspace "installs" okrbot (the test plays the user at
 * slack.com/oauth/v2/authorize and gets a one-time code), then `oauth.v2.access` trades the code
 * for that workspace's bot token, authenticated with the app's client id and secret as Slack
 * requires. Each installed workspace's token is then accepted by the Web API.
 */

export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  token: string;
  botUserId: string;
  installer: string;
  /** Set for an org-wide (Enterprise Grid) install: the organisation, and no single team. */
  enterprise?: { id: string; name: string };
}

export class FakeOAuth {
  clientId = '1111.2222';
  clientSecret = 'fake-client-secret';
  /** Workspaces by bot token (their calls are accepted). */
  readonly byToken = new Map<string, FakeWorkspace>();
  private readonly codes = new Map<string, FakeWorkspace>();
  private counter = 0;

  /** What Slack does when a user approves the install: a one-time code for okrbot's redirect URL. */
  approve(teamId: string, teamName: string, installer: string, o: { orgWide?: string } = {}): string {
    const code = `code-${teamId}-${++this.counter}`;
    this.codes.set(code, {
      teamId,
      teamName,
      installer,
      token: `xoxb-${teamId.toLowerCase()}-${this.counter}`,
      botUserId: `U0BOT${teamId.slice(1)}`,
      ...(o.orgWide && { enterprise: { id: o.orgWide, name: `${teamName} Org` } }),
    });
    return code;
  }

  /** auth.revoke: the token stops working (for a bot token of an app, that uninstalls it). */
  revokeToken(token: string): Record<string, unknown> {
    return this.byToken.delete(token) ? { ok: true, revoked: true } : { ok: false, error: 'invalid_auth' };
  }

  /** Revokes a workspace's token (what uninstalling does on Slack's side). */
  revoke(teamId: string): void {
    for (const [token, ws] of this.byToken) if (ws.teamId === teamId) this.byToken.delete(token);
  }

  access(args: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
    const basic = authorization?.startsWith('Basic ')
      ? Buffer.from(authorization.slice(6), 'base64').toString().split(':')
      : [args.client_id, args.client_secret];
    if (basic[0] !== this.clientId || basic[1] !== this.clientSecret) return { ok: false, error: 'invalid_client_id' };
    const ws = this.codes.get(String(args.code));
    if (!ws) return { ok: false, error: 'invalid_code' };
    this.codes.delete(String(args.code)); // one use only
    this.byToken.set(ws.token, ws);
    return {
      ok: true,
      app_id: 'A0OKRBOT',
      authed_user: { id: ws.installer },
      scope: 'chat:write,commands,im:history,im:write,users:read,users:read.email,files:write',
      token_type: 'bot',
      access_token: ws.token,
      bot_user_id: ws.botUserId,
      // An org-wide install answers for the organisation: `team` is null (Slack's documented shape).
      team: ws.enterprise ? null : { id: ws.teamId, name: ws.teamName },
      enterprise: ws.enterprise ?? null,
      is_enterprise_install: Boolean(ws.enterprise),
    };
  }
}
