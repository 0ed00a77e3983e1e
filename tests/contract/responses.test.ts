import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT } from '../../src/services/delivery.js';
import { FakeSlack } from '../fakeSlack.js';
import { pathsOf, READ_PATHS } from './responsePaths.js';

/** The fake Slack answers every method okrbot calls with the fields okrbot reads (in Slack's shape). */

let slack: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.addUser({ id: 'U0ANA', name: 'Ana', email: 'ana@example.com', tz: 'Europe/Berlin' });
  slack.channels.set('C0DISC', { member: true });
  client = new WebClient(slack.token, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await slack.stop();
});

async function answers(): Promise<Record<string, unknown>> {
  const meta = { event_type: DELIVERY_EVENT, event_payload: { delivery: 1 } };
  const posted = await client.chat.postMessage({ channel: 'C0DISC', text: 'digest', metadata: meta });
  await client.chat.postMessage({ channel: 'C0DISC', text: 'more', thread_ts: posted.ts!, metadata: meta });
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000100', 'hex');
  const upload = (await client.apiCall('files.getUploadURLExternal', {
    filename: 'c.png',
    length: png.length,
    alt_txt: 'a chart',
  })) as unknown as { upload_url: string; file_id: string };
  const form = new FormData();
  form.append('file', new Blob([png]), 'c.png');
  await fetch(upload.upload_url, { method: 'POST', body: form });
  const view = { type: 'home' as const, blocks: [] };
  return {
    'chat.postMessage': posted,
    'chat.update': await client.chat.update({ channel: 'C0DISC', ts: posted.ts!, text: 'digest, updated' }),
    'conversations.history': await client.conversations.history({
      channel: 'C0DISC',
      include_all_metadata: true,
      limit: 15,
    }),
    'conversations.replies': await client.conversations.replies({
      channel: 'C0DISC',
      ts: posted.ts!,
      include_all_metadata: true,
      limit: 15,
    }),
    'conversations.open': await client.conversations.open({ users: 'U0ANA' }),
    'users.info': await client.users.info({ user: 'U0ANA' }),
    'users.lookupByEmail': await client.users.lookupByEmail({ email: 'ana@example.com' }),
    'files.getUploadURLExternal': upload,
    'files.completeUploadExternal': await client.files.completeUploadExternal({
      files: [{ id: upload.file_id, title: 'c' }],
    }),
    'files.info': await client.files.info({ file: upload.file_id }),
    'auth.test': await client.auth.test(),
    'views.publish': await client.views.publish({ user_id: 'U0ANA', view }),
    'views.open': await client.views.open({
      trigger_id: 't1',
      view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
    }),
  };
}

describe('the fake Slack’s responses', () => {
  it('hold every field okrbot reads, for every method it calls', async () => {
    const got = await answers();
    expect(Object.keys(got).sort()).toEqual(Object.keys(READ_PATHS).sort());
    for (const [method, wanted] of Object.entries(READ_PATHS)) {
      const have = pathsOf(got[method]);
      expect([method, wanted.filter((p) => !have.has(p))]).toEqual([method, []]);
    }
  });
});
