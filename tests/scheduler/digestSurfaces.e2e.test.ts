import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { okrReply, startHarness, type Harness, tickAt } from '../helpers/bot.js';

/**
 * One digest builder: the channel post, `/okr digest` and `okrbot digest` say the same thing about
 * who could not be reached and who was away — and never call an away owner "missing".
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

async function okr(user: string, text: string) {
  const { body } = await okrReply(h, user, text);
  return `${body.text}\n${JSON.stringify(body.blocks ?? [])}`;
}

describe('the at-risk digest, on every surface', () => {
  it('names unreachable owners as "could not reach" and out-of-office owners as away, with the date', async () => {
    h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-11T03:00:00Z' });
    h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
    await tickAt(h, s, '2027-01-11T03:00:00Z');
    expect(await okr('U0DEV', 'ooo 2027-01-14')).toContain('Out of office until 2027-01-14');
    h.slack.inject(
      'chat.postMessage',
      { error: 'channel_not_found' },
      { times: 10, match: (a) => a.channel === 'U0BEN' },
    ); // Slack cannot DM Ben
    await tickAt(h, s, '2027-01-11T20:30:00Z'); // Tuesday 09:30 in Auckland: Dev is away, not asked
    await tickAt(h, s, '2027-01-12T14:30:00Z'); // Tuesday 09:30 in New York: Ben's DM refused for good
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0DEV')).toEqual([]);
    await tickAt(h, s, '2027-01-13T15:30:00Z'); // Wednesday 10:30 in New York: Platform's digest

    const posted = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'C0PLAT' && String(c.args.text).includes('week 2'))!;
    const channel = `${posted.args.text}\n${JSON.stringify(posted.args.blocks)}`;
    expect(channel).toMatch(/Could not reach.*O2-KR1 — Ben \(okrbot could not DM them\)/);
    expect(channel).toMatch(/Away.*O2-KR2 — Dev \(away until Jan 14\)/);
    expect(channel).not.toContain('No check-in yet');
    expect(posted.args.text).toBe(
      'At-risk digest — Platform — week 2: 0 off-track, 0 at-risk, 0 without a check-in, 1 could not be reached, 1 away.',
    );

    const preview = await okr('U0ADMIN', 'digest Platform');
    expect(preview).toMatch(/Could not reach.*O2-KR1 — Ben \(okrbot could not DM them\)/);
    expect(preview).toMatch(/Away.*O2-KR2 — Dev \(away until Jan 14\)/);

    const out: string[] = [];
    const code = await runCli(['digest', '--team', 'Platform', '--week', '2', '--print', ...h.cliDb.args], {
      out: (l) => out.push(l),
      err: () => {},
      env: h.cliDb.env,
    });
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/Could not reach\n {2}O2-KR1 .* — Ben \(okrbot could not DM them\)/);
    expect(text).toMatch(/Away\n {2}O2-KR2 .* — Dev \(away until Jan 14\)/);
    expect(text).not.toContain('No check-in yet');
  });
});
