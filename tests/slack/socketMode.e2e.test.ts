import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from '../helpers/bot.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('Socket Mode', () => {
  it('connects with the app token, serves /healthz, and handles commands and events over the socket', async () => {
    h = await startHarness({ socketMode: true });
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(1);
    expect(h.slack.socketConnected).toBe(true);
    const health = await fetch(`${h.base}/healthz`);
    expect(health.status).toBe(200);

    const ack = await h.slack.sendEnvelope('slash_commands', {
      command: '/okr',
      text: 'mine',
      user_id: 'U0ANA',
      team_id: 'T0FAKE',
      channel_id: 'C0GENERAL',
      trigger_id: 'trigger-socket',
      response_url: h.slack.responseUrl('socket-1'),
      api_app_id: 'A0OKRBOT',
    });
    expect(ack ?? {}).toEqual({}); // acknowledged at once, with no payload
    const reply = await waitFor(() => h.slack.responses.find((r) => r.id === 'socket-1'));
    expect(JSON.stringify(reply.body)).toContain('*O1-KR1*');
    // What only reads is answered in the envelope's acknowledgement itself.
    const helpAck = await h.slack.sendEnvelope('slash_commands', {
      command: '/okr',
      text: 'help',
      user_id: 'U0ANA',
      team_id: 'T0FAKE',
      channel_id: 'C0GENERAL',
      trigger_id: 'trigger-socket-2',
      response_url: h.slack.responseUrl('socket-2'),
      api_app_id: 'A0OKRBOT',
    });
    expect(helpAck).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/okr mine') });

    await h.slack.sendEnvelope('events_api', {
      type: 'event_callback',
      team_id: 'T0FAKE',
      api_app_id: 'A0OKRBOT',
      event_id: 'EvSOCKET1',
      event_time: 1,
      event: { type: 'app_home_opened', user: 'U0ANA', channel: 'D0ANA', tab: 'home' },
    });
    const publish = await waitFor(() => h.slack.callsTo('views.publish')[0]);
    expect(publish.args.user_id).toBe('U0ANA');
  });
});
