import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { rowsOf } from '../helpers/db.js';
import {
  ADMIN,
  buttonPayload,
  checkinValues,
  eventBody,
  interact,
  post,
  settle,
  sign,
  startHarness,
  submissionPayload,
  waitFor,
  type Harness,
} from '../helpers/bot.js';

/**
 * Contract tests: inbound payloads in the shapes Slack documents (tests/contract/payloads, written
 * from Slack's docs and java-slack-sdk's recorded samples), replayed through the real receiver over
 * HTTP (signed) and over Socket Mode, each with its expected outcome.
 */

type Step =
  | { kind: 'event'; event: Record<string, unknown> }
  | { kind: 'command'; user: string; text: string }
  | { kind: 'click'; user: string; action_id: string; value: Record<string, unknown> }
  | { kind: 'submit'; user: string; values: { confidence: 0 | 1 | 2; evidence: string } };

interface Fixture {
  about: string;
  steps: Step[];
  expect: {
    checkins?: Array<{ kr: string; confidence: number; evidence: string }>;
    replies?: Array<{ channel: string; contains: string; thread_ts?: string }>;
    downloads?: number;
    leftSlack?: string[];
    adminAlert?: string;
    published?: string[];
    links?: Array<{ url: string; title: string }>;
    modalsOpened?: number;
  };
}

const DIR = 'tests/contract/payloads';
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture] as const);

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

let n = 0;
async function resolvePlaceholders(value: Record<string, unknown>): Promise<string> {
  let text = JSON.stringify(value);
  for (const [, key] of text.matchAll(/"\{\{kr:([A-Z0-9-]+)\}\}"/g))
    text = text.replace(`"{{kr:${key}}}"`, String((await getKrInfo(h.db, (await getActiveCycle(h.db))!.id, key!))!.id));
  return text;
}

async function run(step: Step, mode: 'http' | 'socket'): Promise<void> {
  const id = ++n;
  if (step.kind === 'event') {
    const body = eventBody(step.event, `EvContract${id}`);
    if (mode === 'http') expect((await post(h, body, 'application/json')).status).toBe(200);
    else await h.slack.sendEnvelope('events_api', JSON.parse(body) as Record<string, unknown>);
    return;
  }
  if (step.kind === 'command') {
    // The payload Slack sends for a slash command; `text` exactly as in the fixture (already escaped).
    const fields = {
      token: 'deprecated',
      team_id: 'T0FAKE',
      team_domain: 'fake',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      user_id: step.user,
      user_name: step.user.toLowerCase(),
      command: '/okr',
      text: step.text,
      api_app_id: 'A0OKRBOT',
      response_url: h.slack.responseUrl(`contract-${id}`),
      trigger_id: `trigger-contract-${id}`,
    };
    let answered: unknown;
    if (mode === 'http') {
      const body = new URLSearchParams(fields).toString();
      const res = await fetch(`${h.base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
        body,
      });
      expect(res.status).toBe(200);
      answered = await res.text();
    } else answered = await h.slack.sendEnvelope('slash_commands', fields);
    // As a person would: the next step comes once the answer is there (in the ack, or by response_url).
    if (!answered || answered === '' || (typeof answered === 'object' && Object.keys(answered).length === 0))
      await waitFor(() => h.slack.responses.find((r) => r.id === `contract-${id}`));
    return;
  }
  const payload =
    step.kind === 'click'
      ? buttonPayload(step.user, { action_id: step.action_id, value: await resolvePlaceholders(step.value) })
      : submissionPayload(
          step.user,
          (await waitFor(() => h.slack.callsTo('views.open').at(-1))).args.view as Record<string, unknown>,
          checkinValues(step.values),
        );
  if (mode === 'http') {
    const res = await interact(h, payload);
    expect([step.kind, res.status]).toEqual([step.kind, 200]);
  } else await h.slack.sendEnvelope('interactive', payload);
  if (step.kind === 'click') await waitFor(() => h.slack.callsTo('views.open').length > 0);
}

async function check(e: Fixture['expect']): Promise<void> {
  const posts = (channel: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  if (e.replies?.length)
    await waitFor(() =>
      e.replies!.every((r) => posts(r.channel).some((c) => String(c.args.text).includes(r.contains))),
    );
  if (e.checkins?.length) await waitFor(async () => (await rowsOf(h.db, 'checkins')).length >= e.checkins!.length);
  await settle(250); // and nothing more happens
  if (e.checkins) {
    const cycle = (await getActiveCycle(h.db))!;
    const keyOf = new Map<number, string>();
    for (const c of e.checkins) keyOf.set((await getKrInfo(h.db, cycle.id, c.kr))!.id, c.kr);
    const rows = (await rowsOf(h.db, 'checkins')).map((c) => ({
      kr: keyOf.get(c.krId) ?? `#${c.krId}`,
      confidence: c.confidence,
      evidence: c.evidence,
    }));
    expect(rows).toEqual(e.checkins);
  }
  if (e.replies) {
    const channels = new Set(e.replies.map((r) => r.channel));
    if (channels.size === 0) channels.add('D0ANA');
    const got = [...channels].flatMap((ch) => posts(ch));
    expect(got.map((c) => String(c.args.text))).toEqual(e.replies.map((r) => expect.stringContaining(r.contains)));
    e.replies.forEach((r, i) => r.thread_ts && expect(got[i]!.args.thread_ts).toBe(r.thread_ts));
  }
  if (e.downloads !== undefined) expect(h.slack.fileDownloads).toHaveLength(e.downloads);
  if (e.leftSlack) {
    const left = async () =>
      (await rowsOf(h.db, 'people')).filter((p) => p.leftSlackAt !== null).map((p) => p.slackUserId);
    await waitFor(async () => (await left()).length >= e.leftSlack!.length);
    expect(await left()).toEqual(e.leftSlack);
  }
  if (e.adminAlert) await waitFor(() => posts(ADMIN).length > 0);
  if (e.adminAlert)
    expect(posts(ADMIN).map((c) => String(c.args.text))).toEqual([expect.stringContaining(e.adminAlert)]);
  if (e.published)
    await waitFor(() => e.published!.every((u) => h.slack.callsTo('views.publish').some((c) => c.args.user_id === u)));
  if (e.links)
    expect(
      (await rowsOf(h.db, 'initiatives'))
        .filter((l) => e.links!.some((x) => x.url === l.url))
        .map((l) => ({ url: l.url, title: l.title })),
    ).toEqual(e.links);
  if (e.modalsOpened !== undefined) expect(h.slack.callsTo('views.open')).toHaveLength(e.modalsOpened);
}

describe.each(['http', 'socket'] as const)('Slack payloads over %s', (mode) => {
  it.each(fixtures)('%s', async (_file, fixture) => {
    h = await startHarness({ socketMode: mode === 'socket' });
    if (mode === 'socket') await waitFor(() => h.slack.socketConnected);
    for (const step of fixture.steps) await run(step, mode);
    await check(fixture.expect);
  });
});
