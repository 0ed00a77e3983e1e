import { readFileSync } from 'node:fs';
import { openDb } from '../src/db/client.js';
import { parseOkrText } from '../src/okrs/format.js';
import { importOkrs } from '../src/okrs/sync.js';
import { jobContext, JOBS, startDueCycle } from '../src/scheduler/scheduler.js';
import { createLogger } from '../src/log.js';
import { FakeSlack } from '../tests/fakeSlack.js';
import { WebClient } from '@slack/web-api';
import { getActiveCycle } from '../src/store/cycles.js';
const slack = await new FakeSlack().start();
for (const [id, email, tz] of [['U0ANA','ana@example.com','Europe/Berlin'],['U0BEN','ben@example.com','America/New_York'],['U0CHLOE','chloe@example.com','Asia/Kolkata'],['U0DEV','dev@example.com','Pacific/Auckland']]) slack.addUser({id, email, tz});
slack.channels.set('C0DISC', {member:true}).set('C0PLAT', {member:true});
const db = openDb(`/tmp/prof/db-${Date.now()}.db`);
const file='tests/fixtures/four-zones.yaml';
importOkrs(db, parseOkrText(file, readFileSync(file,'utf8')), { now: new Date('2027-01-05T00:00:00Z') });
const clock = { now: new Date('2027-01-05T00:00:00Z') };
const deps = { db, client: new WebClient(slack.token, { slackApiUrl: slack.apiUrl }), logger: createLogger({level:'error'}), clock: () => clock.now, admins: new Set<string>() };
const ctx = jobContext(deps, { rate: 0 });
const times: Record<string, number> = {};
for (let i = 0; i < 1000; i++) {
  clock.now = new Date(Date.parse('2027-01-05T00:00:00Z') + i * 30 * 60000);
  const cycle = getActiveCycle(db)!;
  for (const [name, job] of Object.entries(JOBS)) {
    const t = performance.now();
    await job(ctx, cycle);
    times[name] = (times[name] ?? 0) + performance.now() - t;
  }
}
console.log(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, (v / 1000).toFixed(2) + 'ms/tick'])));
await slack.stop();
