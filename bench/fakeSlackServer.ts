import { FakeSlack } from '../tests/fakeSlack.js';

/** The fake Slack in its own process, so its CPU is not the bot's. Env: USERS, CHANNELS, RATE_LIMIT, RECORD. */
const slack = await new FakeSlack().start();
slack.recordCalls = process.env.RECORD === '1';
for (let i = 1; i <= Number(process.env.USERS ?? 0); i++) {
  const id = `U${String(i).padStart(8, '0')}`;
  slack.addUser({ id, email: `owner${i}@example.com`, tz: 'UTC', name: `Owner ${i}` });
}
for (let i = 1; i <= Number(process.env.CHANNELS ?? 0); i++)
  slack.channels.set(`C${String(i).padStart(8, '0')}`, { member: true });
if (process.env.RATE_LIMIT) slack.rateLimitPerSecond = Number(process.env.RATE_LIMIT);
for (const extra of (process.env.EXTRA_USERS ?? '').split(',').filter(Boolean)) {
  const [id, email] = extra.split(':');
  slack.addUser({ id: id!, email, tz: 'Europe/Berlin', name: id });
}
console.log(`FAKE_SLACK_URL=${slack.url}`);
process.on('SIGTERM', () => void slack.stop().then(() => process.exit(0)));
