import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { command, dm, sendEvent, startHarness, waitFor, type Harness } from '../helpers/bot.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('metrics and logs', () => {
  it('exposes Prometheus metrics for requests, handlers, messages, check-ins, 429s and ticks', async () => {
    h = await startHarness({
      importFile: 'tests/fixtures/four-zones.yaml',
      now: '2027-01-11T09:00:00Z',
      config: { LOG_LEVEL: 'info' },
    });
    h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
    await command(h, 'U0ANA', 'mine');
    await waitFor(() => h.slack.responses.length === 1);
    const scheduler = new Scheduler(h.bot.deps, { rate: 0, concurrency: 2, holder: 'metrics' });
    h.slack.inject('chat.postMessage', { status: 429, retryAfter: 1 });
    await scheduler.tick();
    await sendEvent(h, dm('U0ANA', 'O1-KR1 1 <!channel> secret evidence text'));
    await waitFor(() => h.slack.callsTo('chat.postMessage').some((c) => String(c.args.text).startsWith('✅')));

    let text = '';
    for (let i = 0; i < 100 && !text.includes('type="event",outcome="ok"'); i++) {
      // The handler counts once its work after the ack is done.
      const res = await fetch(`${h.base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      text = await res.text();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(text).toMatch(/okrbot_slack_requests_total\{type="command",outcome="ok"\} 1/);
    expect(text).toMatch(/okrbot_slack_requests_total\{type="event",outcome="ok"\} 1/);
    expect(text).toMatch(/okrbot_handler_duration_seconds_count\{type="command"\} 1/);
    expect(text).toMatch(/okrbot_messages_sent_total\{purpose="checkin"\} 2/);
    expect(text).toMatch(/okrbot_checkins_recorded_total\{via="text"\} 1/);
    expect(text).toMatch(/okrbot_slack_rate_limited_total 1/);
    expect(text).toMatch(/okrbot_scheduler_tick_duration_seconds_count 1/);
    expect(text).toMatch(/okrbot_scheduler_leader 1/);
    expect(text).toContain('okrbot_process_resident_memory_bytes');

    // Structured JSON, and at info level no token and no user text.
    const infoAndUp = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level !== 'debug');
    expect(infoAndUp.length).toBeGreaterThan(0);
    for (const l of infoAndUp) expect(typeof l.time === 'string' && typeof l.msg === 'string').toBe(true);
    const all = JSON.stringify(infoAndUp);
    expect(all).not.toContain(h.slack.token);
    expect(all).not.toContain('secret evidence text');
    expect(all).toContain('check-in recorded');
  });

  it('asks for the bearer token on /metrics when METRICS_TOKEN is set; /healthz stays open', async () => {
    h = await startHarness({ config: { METRICS_TOKEN: 'a-long-random-metrics-secret' } });
    expect((await fetch(`${h.base}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${h.base}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${h.base}/metrics`, { headers: { authorization: 'a-long-random-metrics-secret' } })).status,
    ).toBe(401);
    const ok = await fetch(`${h.base}/metrics`, { headers: { authorization: 'Bearer a-long-random-metrics-secret' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('okrbot_slack_requests_total');
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
  });
});
