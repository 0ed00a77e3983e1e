import { App, LogLevel } from '@slack/bolt';
import { serveCpuProbe } from './cpuProbe.js';

/**
 * The baseline: a Bolt app on the same receiver that makes the Slack calls okrbot must make for
 * the same requests, against the same fake — a reply in the ack for `/okr mine`, `views.open` for
 * a click, and for a check-in submission `views.publish` (App Home) plus `chat.update` of the DM
 * and of the digest — so the ratio measures what okrbot adds, not Slack's share of the work.
 */
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 } },
});
/** Where the DM and digest a check-in updates live (the bench posts them first): "D…/ts,C…/ts". */
const posted = (process.env.BARE_UPDATES ?? '')
  .split(',')
  .filter(Boolean)
  .map((p) => p.split('/') as [string, string]);
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

app.command('/okr', async ({ ack }) =>
  ack({ response_type: 'ephemeral', text: 'Your key results', blocks: [section('*O1-KR1* 🟢🟢🟡 — 5,600 of 8,000')] }),
);
app.action(/.*/, async ({ ack, body, client }) => {
  await ack();
  await client.views.open({
    trigger_id: (body as { trigger_id: string }).trigger_id,
    view: {
      type: 'modal',
      callback_id: 'checkin_modal',
      title: { type: 'plain_text', text: 'Check in' },
      blocks: [section('O1-KR1')],
    },
  });
});
app.view(/.*/, async ({ ack, body, client }) => {
  await ack();
  await client.views.publish({ user_id: body.user.id, view: { type: 'home', blocks: [section('Your key results')] } });
  for (const [channel, ts] of posted)
    await client.chat.update({ channel, ts, text: 'Weekly check-in', blocks: [section('✅ O1-KR1')] });
});
await serveCpuProbe();
const server = (await app.start(0)) as import('node:http').Server;
console.log(`BOT_PORT=${(server.address() as { port: number }).port}`);
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
