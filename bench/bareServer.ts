import { App, LogLevel } from '@slack/bolt';

/** The baseline: a Bolt app on the same receiver that only acks. */
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/okr', async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
app.view(/.*/, async ({ ack }) => ack());
const server = (await app.start(0)) as import('node:http').Server;
console.log(`BOT_PORT=${(server.address() as { port: number }).port}`);
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
