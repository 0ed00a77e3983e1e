import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { inWorkspace } from '../../src/db/ops.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { sealToken } from '../../src/services/tokenVault.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { listWorkspaces, workspaceByTeam } from '../../src/store/workspaces.js';
import { oauthConfig as sharedOauth } from '../helpers/oauth.js';
import { command, okrReply, sendEvent, startHarness, tickAt, waitFor, type Harness } from '../helpers/bot.js';

/**
 * What the operator and the installer of a hosted okrbot (OAuth, many workspaces) meet: the
 * install pages, requests from a workspace no longer served, a workspace whose stored token does
 * not open, readiness, admins scoped to their workspace, and CLI commands that must name one.
 */

const oauthConfig = { ...sharedOauth, OKR_ADMINS: ['T0ACME:U0CHLOE'] };
let h: Harness;
afterEach(async () => {
  await h?.stop();
});

/** Plays the browser: the install page (its state cookie), Slack's approval, the redirect back. */
async function install(teamId: string, o: { orgWide?: string; state?: string; code?: string } = {}) {
  const page = await fetch(`${h.base}/slack/install`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const state = o.state ?? /state=([^&"]+)/.exec(await page.text())?.[1];
  const code = o.code ?? h.slack.oauth.approve(teamId, teamId === 'T0ACME' ? 'Acme' : 'Beta', 'U0ANA', o);
  const done = await fetch(`${h.base}/slack/oauth_redirect?code=${code}&state=${state}`, { headers: { cookie } });
  return { status: done.status, body: await done.text(), code };
}

const start = () => startHarness({ now: '2027-01-11T03:00:00Z', config: oauthConfig });
const logLines = () => h.logs.map((l) => JSON.parse(l) as { level: string; msg: string; teamId?: string });

describe('installing okrbot', () => {
  it('ends on a page of its own with the right status: installed, cancelled, an old link, a used code', async () => {
    h = await start();
    const ok = await install('T0ACME');
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<h1>okrbot is installed in Acme</h1>');
    expect(ok.body).toContain('slack://app?team=T0ACME&amp;id=A0OKRBOT');
    expect(ok.body).toContain('<code>/okr help</code>');

    const cancelled = await fetch(`${h.base}/slack/oauth_redirect?error=access_denied&state=s`);
    expect(cancelled.status).toBe(403);
    expect(await cancelled.text()).toContain('The install was cancelled in Slack');
    const forged = await install('T0BETA', { state: 'forged' });
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('This install link has expired');
    const reused = await install('T0BETA', { code: ok.code });
    expect(reused.status).toBe(400);
    expect(reused.body).toContain('Slack did not accept this install');
    for (const page of [ok.body, forged.body, reused.body]) expect(page).not.toContain('Oops');
    expect((await listWorkspaces(h.db)).filter((w) => w.slackTeamId).map((w) => w.slackTeamId)).toEqual(['T0ACME']);
  });

  it('refuses an org-wide (Enterprise Grid) install, says to install per workspace, and undoes it', async () => {
    h = await start();
    const org = await install('T0ORG', { orgWide: 'E0ORG' });
    expect(org.status).toBe(400);
    expect(org.body).toContain('<h1>okrbot installs per workspace</h1>');
    expect(org.body).toContain('the org-wide install was undone');
    expect(h.slack.callsTo('auth.revoke')).toHaveLength(1); // Slack stops sending the org's events
    expect(h.slack.oauth.byToken.size).toBe(0);
    expect((await listWorkspaces(h.db)).filter((w) => w.slackTeamId)).toEqual([]);
  });
});

describe('a workspace okrbot no longer serves', () => {
  it('gets a one-line answer to /okr, and the log says so once, as a warning', async () => {
    h = await start();
    h.slack.recordCalls = true;
    expect((await install('T0ACME')).status).toBe(200);
    h.team = 'T0ACME';
    await sendEvent(h, { type: 'app_uninstalled' });
    await waitFor(async () => (await workspaceByTeam(h.db, 'T0ACME'))!.uninstalledAt);
    for (let i = 0; i < 3; i++) {
      const { res, responseId } = await command(h, 'U0ANA', 'mine');
      expect(res.status).toBe(200);
      const reply = await waitFor(() => h.slack.responses.find((r) => r.id === responseId));
      expect(reply.body.text).toContain('okrbot is not installed in this workspace');
    }
    const lines = logLines();
    expect(lines.filter((l) => l.msg.includes('not installed in are not served'))).toHaveLength(1);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.filter((l) => l.msg.startsWith('Authorization of incoming event'))).toEqual([]);
  });
});

describe('one workspace’s fault is its own', () => {
  it('serves the others when one stored token does not open; /readyz says which, and 503 when none opens', async () => {
    h = await start();
    h.slack.recordCalls = true;
    for (const team of ['T0ACME', 'T0BETA']) expect((await install(team)).status).toBe(200);
    const text = readFileSync('examples/okrs.example.yaml', 'utf8');
    for (const team of ['T0ACME', 'T0BETA']) {
      const ws = (await workspaceByTeam(h.db, team))!;
      await importOkrs(inWorkspace(h.db, ws.id), parseOkrText('okrs.yaml', text), { now: h.clock.now });
    }
    const otherKey = Buffer.alloc(32, 9);
    const breakToken = (team: string) =>
      h.db.raw('UPDATE workspaces SET bot_token_encrypted = ? WHERE slack_team_id = ?', [
        sealToken('xoxb-sealed-with-another-key', otherKey),
        team,
      ]);
    await breakToken('T0BETA');

    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test', workspaces: h.bot.workspaces });
    const report = (await tickAt(h, s, '2027-01-11T09:30:00Z'))!;
    expect(report.reports.filter((r) => r.crashed)).toEqual([]);
    const tokens = new Set(h.slack.callsTo('chat.postMessage').map((c) => c.token));
    expect([...tokens]).toEqual([[...h.slack.oauth.byToken.entries()].find(([, w]) => w.teamId === 'T0ACME')![0]]);
    await tickAt(h, s, '2027-01-11T15:00:00Z');
    const said = logLines().filter((l) => l.msg.startsWith('a workspace is not served'));
    expect(said.map((l) => [l.level, l.teamId])).toEqual([['error', 'T0BETA']]); // once, not every tick

    const ready = await fetch(`${h.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', workspaces: { installed: 2, unreadable: ['T0BETA'] } });
    await breakToken('T0ACME'); // as a replica started with another OKRBOT_TOKEN_KEY sees them all
    const wrongKey = await fetch(`${h.base}/readyz`);
    expect(wrongKey.status).toBe(503);
    expect(await wrongKey.json()).toMatchObject({ status: 'token_key_mismatch', problems: ['token_key_mismatch'] });
    expect((await fetch(`${h.base}/livez`)).status).toBe(200); // alive: do not restart it, fix its key
  });
});

describe('admins and the CLI on a hosted database', () => {
  it('OKR_ADMINS entries count in their own workspace only', async () => {
    h = await start();
    for (const team of ['T0ACME', 'T0BETA']) expect((await install(team)).status).toBe(200);
    h.team = 'T0ACME';
    expect((await okrReply(h, 'U0CHLOE', 'admins')).body.text).toContain(
      "• <@U0CHLOE> — okrbot's configuration (OKR_ADMINS)",
    );
    h.team = 'T0BETA';
    const beta = (await okrReply(h, 'U0CHLOE', 'admins')).body.text;
    expect(beta).not.toContain('U0CHLOE');
    expect(beta).toContain('• <@U0ANA> — installed okrbot here');
  });

  it('refuses a command without --workspace, naming the installed workspaces', async () => {
    h = await start();
    for (const team of ['T0ACME', 'T0BETA']) expect((await install(team)).status).toBe(200);
    const err: string[] = [];
    const env = { ...h.cliDb.env, OKRBOT_CHARTS: 'off' };
    const args = ['import', 'examples/okrs.example.yaml', ...h.cliDb.args];
    expect(await runCli(args, { out: () => {}, err: (l) => err.push(l), env })).toBe(2);
    expect(err.join('\n')).toContain(
      'this database serves OAuth installs: say which workspace with --workspace T… (installed: T0ACME (Acme), T0BETA (Beta))',
    );
    expect(await runCli([...args, '--workspace', 'T0BETA'], { out: () => {}, err: () => {}, env })).toBe(0);
  });
});
