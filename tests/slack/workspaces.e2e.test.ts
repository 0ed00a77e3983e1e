import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { inWorkspace } from '../../src/db/ops.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { openToken, parseTokenKey } from '../../src/services/tokenVault.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { workspaceByTeam } from '../../src/store/workspaces.js';
import { oauthConfig, TOKEN_KEY } from '../helpers/oauth.js';
import { command, dm, okrReply, sendEvent, startHarness, tickAt, waitFor, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * A distributed install: two workspaces install okrbot through OAuth and run the same OKRs
 * (O1-KR1 in both, the same people) side by side. Every reply, DM and row stays in its workspace.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

/** Plays the browser: the install page, then Slack's redirect back with a one-time code. */
async function install(teamId: string, teamName: string, installer: string, o: { state?: string } = {}) {
  const page = await fetch(`${h.base}/slack/install`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const state = o.state ?? /state=([^&"]+)/.exec(await page.text())?.[1];
  const code = h.slack.oauth.approve(teamId, teamName, installer);
  const done = await fetch(`${h.base}/slack/oauth_redirect?code=${code}&state=${state}`, { headers: { cookie } });
  return { status: done.status, body: await done.text() };
}

/** Both workspaces installed, each with the example OKRs; Beta's O1-KR1 is worded differently. */
async function twoWorkspaces() {
  h = await startHarness({ now: '2027-01-11T03:00:00Z', config: oauthConfig });
  expect((await install('T0ACME', 'Acme', 'U0ANA')).status).toBe(200);
  expect((await install('T0BETA', 'Beta', 'U0BEN')).status).toBe(200);
  const [acme, beta] = [(await workspaceByTeam(h.db, 'T0ACME'))!, (await workspaceByTeam(h.db, 'T0BETA'))!];
  const text = readFileSync('examples/okrs.example.yaml', 'utf8');
  await importOkrs(inWorkspace(h.db, acme.id), parseOkrText('acme.yaml', text), { now: h.clock.now });
  await importOkrs(
    inWorkspace(h.db, beta.id),
    parseOkrText(
      'beta.yaml',
      text.replace('weekly active users of advanced features', 'weekly active users of beta features'),
    ),
    { now: h.clock.now },
  );
  const key = parseTokenKey(TOKEN_KEY);
  return {
    acme,
    beta,
    acmeToken: openToken(acme.botTokenEncrypted!, key),
    betaToken: openToken(beta.botTokenEncrypted!, key),
  };
}

/** The okrbot CLI on the harness's database, as the host runs it (in-process: the fake Slack lives here). */
async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = {
    ...h.cliDb.env,
    ...oauthConfig,
    SLACK_BOT_TOKEN: '',
    SLACK_API_URL: h.slack.apiUrl,
    OKRBOT_CHARTS: 'off',
  };
  const code = await runCli([...args, ...h.cliDb.args], { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('many workspaces (OAuth install)', () => {
  it('installs each workspace with its own sealed token; a forged or replayed install stores nothing', async () => {
    h = await startHarness({ now: '2027-01-11T03:00:00Z', config: oauthConfig });
    expect((await install('T0ACME', 'Acme', 'U0ANA', { state: 'forged' })).status).toBe(400);
    expect(await workspaceByTeam(h.db, 'T0ACME')).toBeUndefined();
    expect(h.slack.callsTo('oauth.v2.access')).toEqual([]); // a bad state never reaches Slack

    expect((await install('T0ACME', 'Acme', 'U0ANA')).status).toBe(200);
    const acme = (await workspaceByTeam(h.db, 'T0ACME'))!;
    expect(acme).toMatchObject({
      name: 'Acme',
      installedBy: 'U0ANA',
      uninstalledAt: null,
      scopes: expect.stringContaining('chat:write'),
    });
    expect(acme.botTokenEncrypted).not.toContain('xoxb');
    expect(openToken(acme.botTokenEncrypted!, parseTokenKey(TOKEN_KEY))).toMatch(/^xoxb-t0acme-/);
  });

  it('answers each workspace from its own OKRs and stores each answer in its own workspace', async () => {
    const { acme, beta, acmeToken, betaToken } = await twoWorkspaces();
    h.team = 'T0ACME';
    const show = async () => JSON.stringify((await okrReply(h, 'U0ANA', 'show O1-KR1')).body);
    expect(await show()).toContain('advanced features');
    h.team = 'T0BETA';
    expect(await show()).toContain('beta features');

    // Ana answers by DM in Acme only.
    h.team = 'T0ACME';
    await sendEvent(h, dm('U0ANA', 'O1-KR1 1 churn in EU, Acme only'));
    const reply = await waitFor(() =>
      h.slack.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('Saved O1-KR1')),
    );
    expect(reply.token).toBe(acmeToken);
    const checkins = await rowsOf(h.db, 'checkins');
    expect(checkins).toHaveLength(1);
    const krs = await rowsOf(h.db, 'keyResults');
    const acmeCycle = (await rowsOf(h.db, 'cycles')).find((c) => c.workspaceId === acme.id)!;
    expect(krs.find((k) => k.id === checkins[0]!.krId)!.cycleId).toBe(acmeCycle.id);
    h.team = 'T0BETA';
    expect(await show()).not.toContain('Acme only');
    expect(beta.id).not.toBe(acme.id);
    expect(h.slack.calls.filter((c) => c.token && c.token !== acmeToken && c.token !== betaToken)).toEqual([]);
  });

  it('keeps each workspace’s admins its own: its installer, and whom its admins add', async () => {
    const { acmeToken } = await twoWorkspaces();
    const okr = async (user: string, text: string) => (await okrReply(h, user, text)).body.text;
    h.team = 'T0ACME';
    expect(await okr('U0CHLOE', 'admins')).toContain('• <@U0ANA> — installed okrbot here');
    expect(await okr('U0ANA', 'admins add <@U0CHLOE>')).toContain('<@U0CHLOE> is now an okrbot admin');
    expect(
      h.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === 'U0CHLOE')
        .map((c) => c.token),
    ).toEqual([acmeToken]);
    expect(await okr('U0CHLOE', 'admins remove <@U0ANA>')).toBe(
      '<@U0ANA> installed okrbot here and stays an admin. Nothing was changed.',
    );
    h.team = 'T0BETA';
    for (const user of ['U0CHLOE', 'U0ANA'])
      expect(await okr(user, 'admins add <@U0DEV>')).toContain(
        'Only okrbot admins (`/okr admins` lists them) can add or remove admins',
      );
    const beta = await okr('U0DEV', 'admins');
    expect(beta).toContain('• <@U0BEN> — installed okrbot here');
    expect(beta).not.toContain('U0CHLOE');
    expect((await rowsOf(h.db, 'admins')).map((a) => [a.workspaceId, a.slackUserId])).toEqual([
      [(await workspaceByTeam(h.db, 'T0ACME'))!.id, 'U0CHLOE'],
    ]);
  });

  it('paces each workspace on its own: Slack’s 429s to one do not hold up the other’s DMs', async () => {
    const { acmeToken, betaToken } = await twoWorkspaces();
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test', workspaces: h.bot.workspaces });
    await tickAt(h, s, '2027-01-11T03:00:00Z'); // learns time zones; nothing due yet
    // Slack tells Acme to wait 3 s on its first check-in DM; Beta is not limited.
    const weeklyDm = (args: Record<string, unknown>) => String(args.text).startsWith('Weekly check-in');
    h.slack.inject(
      'chat.postMessage',
      { status: 429, retryAfter: 3 },
      { times: 1, match: (args, token) => token === acmeToken && weeklyDm(args) },
    );
    const from = Date.now();
    await tickAt(h, s, '2027-01-11T09:30:00Z');
    const posts = (token: string) =>
      h.slack.callsTo('chat.postMessage').filter((c) => c.token === token && c.at >= from && weeklyDm(c.args));
    const [refused, ...sent] = posts(acmeToken);
    const betaDone = Math.max(...posts(betaToken).map((c) => c.at));
    const retried = sent.find((c) => c.args.channel === refused!.args.channel)!;
    expect(posts(betaToken).length).toBeGreaterThan(0);
    // Acme's refused DM waited out Retry-After; Beta's DMs had all gone before it (served one
    // workspace at a time, Acme first, Beta's would all come after). No tighter bound: CI is slow.
    expect(retried.at - refused!.at).toBeGreaterThanOrEqual(2900);
    expect(betaDone).toBeLessThan(retried.at);
    expect(new Set(sent.map((c) => c.args.channel)).size).toBe(sent.length); // and each went once
  });

  it('lets the CLI work on one workspace’s OKRs (--workspace), and says which exist when it names none', async () => {
    await twoWorkspaces();
    const beta = await cli(['export', '--workspace', 'T0BETA']);
    expect(beta.code).toBe(0);
    expect(beta.out).toContain('weekly active users of beta features');
    expect(beta.out).not.toContain('weekly active users of advanced features');
    expect((await cli(['export', '--workspace', 'T0ACME'])).out).toContain('weekly active users of advanced features');
    const none = await cli(['export', '--workspace', 'T0NOPE']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no workspace T0NOPE is installed (installed: T0ACME (Acme), T0BETA (Beta))');
    const posted = h.slack.callsTo('chat.postMessage').length;
    const job = await cli(['run', 'checkins', '--at', '2027-01-11T09:30:00Z', '--workspace', 'T0NOPE']);
    expect(job.code).toBe(2);
    expect(job.err).toContain('no workspace T0NOPE is installed (installed: T0ACME (Acme), T0BETA (Beta))');
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(posted);
  });

  it('sends each workspace’s weekly DMs with its own token, once; after an uninstall, nothing more goes there', async () => {
    const { acmeToken, betaToken } = await twoWorkspaces();
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test', workspaces: h.bot.workspaces });
    const weekly = (token: string) =>
      h.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.token === token && String(c.args.text).startsWith('Weekly check-in'));
    for (const at of ['2027-01-11T03:00:00Z', '2027-01-11T09:30:00Z', '2027-01-11T15:00:00Z', '2027-01-11T15:05:00Z'])
      await tickAt(h, s, at);
    const acmeDms = weekly(acmeToken)
      .map((c) => c.args.channel)
      .sort();
    expect(acmeDms.length).toBeGreaterThan(3);
    expect(
      weekly(betaToken)
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(acmeDms); // the same people, each once per workspace
    expect(new Set(acmeDms).size).toBe(acmeDms.length);

    // Acme uninstalls: its token is forgotten and the next week's tick sends nothing there.
    h.team = 'T0ACME';
    await sendEvent(h, { type: 'app_uninstalled' });
    await waitFor(async () => (await workspaceByTeam(h.db, 'T0ACME'))!.uninstalledAt);
    expect((await workspaceByTeam(h.db, 'T0ACME'))!.botTokenEncrypted).toBeNull();
    const before = weekly(acmeToken).length;
    for (const at of ['2027-01-18T09:30:00Z', '2027-01-18T15:00:00Z']) await tickAt(h, s, at);
    expect(weekly(acmeToken).length).toBe(before);
    expect(weekly(betaToken).length).toBeGreaterThan(acmeDms.length); // Beta's next week goes on
    expect(new Set(weekly(betaToken).map((c) => `${c.args.channel} ${c.args.text}`)).size).toBe(
      weekly(betaToken).length,
    );
    // A request from the uninstalled workspace is not served.
    const res = await command(h, 'U0ANA', 'mine');
    expect(res.res.body).not.toContain('O1-KR1');

    // The host deletes Acme's data: refused while installed, shown first, then gone; Beta untouched.
    const listed = await cli(['workspaces']);
    expect(listed.out).toMatch(/T0ACME\s+Acme\s+uninstalled 2027-01-\d\d\s+U0ANA\s+1\s+\d+\s+0\s+\d+/);
    expect(listed.out).toMatch(/T0BETA\s+Beta\s+installed 2027-01-\d\d\s+U0BEN/);
    expect(await cli(['workspaces', 'delete', 'T0BETA', '--yes'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('okrbot is still installed in T0BETA (Beta)'),
    });
    expect(await cli(['workspaces', 'delete', 'T0NOPE'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('no workspace T0NOPE (known: T0ACME, T0BETA)'),
    });
    const acme = (await workspaceByTeam(h.db, 'T0ACME'))!;
    const rowsOfAcme = async () =>
      (await rowsOf(h.db, 'cycles')).filter((c) => c.workspaceId === acme.id).length +
      (await rowsOf(h.db, 'deliveries')).filter((d) => d.workspaceId === acme.id).length;
    const betaRows = async () =>
      JSON.stringify([
        (await rowsOf(h.db, 'deliveries')).filter((d) => d.workspaceId !== acme.id),
        (await rowsOf(h.db, 'checkins')).length,
      ]);
    const [acmeBefore, betaBefore] = [await rowsOfAcme(), await betaRows()];
    const dry = await cli(['workspaces', 'delete', 'T0ACME']);
    expect(dry).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        /^Would delete everything okrbot keeps about T0ACME \(Acme\): .*deliveries: \d+.*cycles: 1.*workspaces: 1\.\nNothing was deleted/,
      ),
    });
    expect(await rowsOfAcme()).toBe(acmeBefore);
    const done = await cli(['workspaces', 'delete', 'T0ACME', '--yes']);
    expect(done.out).toBe(
      dry.out.split('\n')[0]!.replace('Would delete everything okrbot keeps', 'Deleted everything okrbot kept'),
    );
    expect([await rowsOfAcme(), await workspaceByTeam(h.db, 'T0ACME')]).toEqual([0, undefined]);
    expect(await betaRows()).toBe(betaBefore);
    expect((await cli(['workspaces'])).out).not.toContain('T0ACME');
    h.team = 'T0BETA';
    expect(JSON.stringify((await okrReply(h, 'U0ANA', 'show O1-KR1')).body)).toContain('beta features');
  });
});
