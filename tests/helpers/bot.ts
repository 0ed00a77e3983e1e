import { Scheduler } from '../../src/scheduler/scheduler.js';
import { createHmac } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import type { SlackConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { closeDatabase } from '../../src/db/open.js';
import { createLogger } from '../../src/log.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { startBot, type RunningBot } from '../../src/slack/app.js';
import { FakeSlack, type FakeUser } from '../fakeSlack.js';
import { freshDb } from './db.js';
import { slackEncode } from '../slackComposer.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const ADMIN = 'U0ADMIN';

/** Owners of the example OKRs as Slack knows them. */
export const PEOPLE: Record<string, FakeUser> = {
  ana: { id: 'U0ANA', name: 'Ana', email: 'ana@example.com', tz: 'Europe/Berlin' },
  ben: { id: 'U0BEN', name: 'Ben', email: 'ben@example.com', tz: 'America/New_York' },
  chloe: { id: 'U0CHLOE', name: 'Chloe', email: 'chloe@example.com', tz: 'Asia/Kolkata' },
  dev: { id: 'U0DEV', name: 'Dev', email: 'dev@example.com', tz: 'Pacific/Auckland' },
  eli: { id: 'U0ELI', name: 'Eli', email: 'eli@example.com', tz: 'America/New_York' },
  fay: { id: 'U0FAY', name: 'Fay', email: 'fay@example.com', tz: 'Europe/Berlin' },
  gus: { id: 'U0GUS', name: 'Gus', email: 'gus@example.com', tz: 'Asia/Kolkata' },
  admin: { id: ADMIN, name: 'Admin', email: 'admin@example.com', tz: 'UTC' },
  mallory: { id: 'U0MALLORY', name: 'Mallory', email: 'mallory@example.com', tz: 'UTC' },
};

export interface Harness {
  slack: FakeSlack;
  bot: RunningBot;
  db: Db;
  dbPath: string;
  /** The Slack team requests come from (set it to drive another installed workspace). */
  team: string;
  /** How a CLI run reaches this harness's database: `--db <file>` on SQLite, DATABASE_URL on PostgreSQL. */
  cliDb: { args: string[]; env: Record<string, string> };
  clock: { now: Date };
  base: string;
  logs: string[];
  stop(): Promise<void>;
}

export async function startHarness(
  options: {
    now?: string;
    importFile?: string;
    config?: Partial<SlackConfig>;
    socketMode?: boolean;
    beforeStart?: (db: Db) => Promise<unknown>;
  } = {},
): Promise<Harness> {
  const slack = await new FakeSlack().start();
  for (const u of Object.values(PEOPLE)) slack.addUser(u);
  const { db, path: dbPath, url: dbUrl, dir } = await freshDb({ closedBy: 'caller' });
  const clock = { now: new Date(options.now ?? '2027-01-19T10:00:00Z') };
  slack.clock = () => clock.now; // message ts follow the simulated time, as Slack's follow real time
  const file = options.importFile ?? 'examples/okrs.example.yaml';
  await importOkrs(db, parseOkrText(file, readFileSync(file, 'utf8')), { now: clock.now });
  await options.beforeStart?.(db);
  const logs: string[] = [];
  const config: SlackConfig = {
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: options.socketMode ? undefined : SIGNING_SECRET,
    SLACK_APP_TOKEN: options.socketMode ? slack.appToken : undefined,
    SLACK_API_URL: slack.apiUrl,
    PORT: 0,
    DATABASE_PATH: dbPath,
    OKR_ADMINS: [ADMIN],
    LOG_LEVEL: 'debug',
    // Tests drive the scheduler's ticks themselves, at simulated instants.
    OKRBOT_SCHEDULER: 'off',
    OKRBOT_CHARTS: 'on',
    OKRBOT_SEND_RATE: 0,
    OKRBOT_SEND_CONCURRENCY: 8,
    OKRBOT_SLACK_TIMEOUT_MS: 10_000,
    ...options.config,
  };
  const bot = await startBot({
    config,
    db,
    logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
    clock: () => clock.now,
  });
  return {
    slack,
    bot,
    db,
    dbPath,
    team: 'T0FAKE',
    cliDb: dbUrl ? { args: [], env: { DATABASE_URL: dbUrl } } : { args: ['--db', dbPath], env: {} },
    clock,
    base: `http://127.0.0.1:${bot.port}`,
    logs,
    async stop() {
      await bot.stop();
      await slack.stop();
      await closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sign(
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  secret = SIGNING_SECRET,
): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface SendOptions {
  timestamp?: number;
  secret?: string;
  unsigned?: boolean;
  retryNum?: number;
}

export async function post(
  h: Harness,
  body: string,
  contentType: string,
  o: SendOptions = {},
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {
    'content-type': contentType,
    ...(o.unsigned ? {} : sign(body, o.timestamp, o.secret)),
  };
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(`${h.base}/slack/events`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text() };
}

let triggerCounter = 0;

export function commandBody(
  h: Harness,
  user: string,
  text: string,
): { body: string; responseId: string; triggerId: string } {
  const responseId = `cmd-${++triggerCounter}`;
  const triggerId = `trigger-${triggerCounter}`;
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: h.team,
    channel_id: 'C0GENERAL',
    user_id: user,
    command: '/okr',
    text: slackEncode(text), // should_escape: true (manifest)
    response_url: h.slack.responseUrl(responseId),
    trigger_id: triggerId,
    api_app_id: 'A0OKRBOT',
  }).toString();
  return { body, responseId, triggerId };
}

/** Sends `/okr <text>` and waits for the ephemeral reply (or a views.open when `expectModal`). */
export async function command(h: Harness, user: string, text: string, o: SendOptions = {}) {
  const { body, responseId, triggerId } = commandBody(h, user, text);
  const res = await post(h, body, 'application/x-www-form-urlencoded', o);
  return { res, responseId, triggerId };
}

/**
 * Runs `/okr <text>` and returns the ephemeral reply, wherever it came: in the HTTP acknowledgement
 * (what only reads) or later through response_url.
 */
export async function okrReply(
  h: Harness,
  user: string,
  text: string,
): Promise<{ via: 'ack' | 'response_url'; body: Record<string, unknown> & { text: string } }> {
  const { res, responseId } = await command(h, user, text);
  if (res.status !== 200) throw new Error(`/okr ${text}: HTTP ${res.status}`);
  if (res.body) return { via: 'ack', body: JSON.parse(res.body) };
  const reply = await waitFor(() => h.slack.responses.find((r) => r.id === responseId));
  return { via: 'response_url', body: reply.body as Record<string, unknown> & { text: string } };
}

export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export async function interact(h: Harness, payload: Record<string, unknown>, o: SendOptions = {}) {
  return post(h, interactionBody(payload), 'application/x-www-form-urlencoded', o);
}

/** A click on a button in a message (the weekly DM) or the App Home. */
export function buttonPayload(
  user: string,
  action: { action_id: string; value: string; block_id?: string },
  container: Record<string, unknown> = { type: 'message', channel_id: `D${user.slice(1)}`, message_ts: '1.0' },
) {
  const trigger_id = `trigger-${++triggerCounter}`;
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE' },
    user: { id: user, team_id: 'T0FAKE' },
    api_app_id: 'A0OKRBOT',
    token: 'deprecated',
    trigger_id,
    container,
    ...(container.type === 'message' && {
      channel: { id: container.channel_id },
      message: { ts: container.message_ts },
      response_url: `http://127.0.0.1:1/unused`,
    }),
    actions: [
      {
        type: 'button',
        action_id: action.action_id,
        block_id: action.block_id ?? 'b',
        value: action.value,
        action_ts: '1.2',
      },
    ],
  };
}

export function submissionPayload(
  user: string,
  view: Record<string, unknown>,
  values: Record<string, Record<string, unknown>>,
) {
  return {
    type: 'view_submission',
    team: { id: 'T0FAKE' },
    user: { id: user, team_id: 'T0FAKE' },
    api_app_id: 'A0OKRBOT',
    token: 'deprecated',
    trigger_id: `trigger-${++triggerCounter}`,
    view: { ...view, id: 'V0MODAL', team_id: 'T0FAKE', state: { values }, hash: 'h' },
  };
}

/** Modal state as Slack would send it for the check-in form. */
export function checkinValues(v: {
  confidence?: 0 | 1 | 2;
  evidence?: string;
  risks?: string;
  nextAction?: string;
  value?: string;
}) {
  return {
    confidence: {
      confidence_input: {
        type: 'radio_buttons',
        selected_option: v.confidence === undefined ? null : { value: String(v.confidence) },
      },
    },
    evidence: { evidence_input: { type: 'plain_text_input', value: v.evidence ?? null } },
    risks: { risks_input: { type: 'plain_text_input', value: v.risks ?? null } },
    next_action: { next_action_input: { type: 'plain_text_input', value: v.nextAction ?? null } },
    value: { value_input: { type: 'number_input', value: v.value ?? null } },
  };
}

let eventCounter = 0;
export function eventBody(event: Record<string, unknown>, eventId = `Ev${++eventCounter}`, team = 'T0FAKE'): string {
  return JSON.stringify({
    token: 'deprecated',
    team_id: team,
    api_app_id: 'A0OKRBOT',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team, user_id: 'U0BOT', is_bot: true }],
    event,
  });
}

export async function sendEvent(
  h: Harness,
  event: Record<string, unknown>,
  o: SendOptions & { eventId?: string } = {},
) {
  return post(h, eventBody(event, o.eventId, h.team), 'application/json', o);
}

let tsCounter = 0;
/** A unique message ts, as Slack makes them (seconds.microseconds). */
export function messageTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
}

/** A person's new message in the bot's DM, its text encoded as Slack sends it (escaped, with markup). */
export function dm(user: string, typed: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    channel: `D${user.slice(1)}`,
    channel_type: 'im',
    user,
    text: slackEncode(typed),
    ts: messageTs(),
    event_ts: messageTs(),
    ...extra,
  };
}

/** The person edits a DM message they sent (Slack's `message_changed`, hidden, as in MessageChangedPayload.json). */
export function dmEdit(original: { user: string; channel: string; ts: string; text: string }, typed: string) {
  const editedAt = messageTs();
  const { user, ts, text } = original;
  return {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel: original.channel,
    channel_type: 'im',
    ts: editedAt,
    event_ts: editedAt,
    message: { type: 'message', user, text: slackEncode(typed), ts, edited: { user, ts: editedAt } },
    previous_message: { type: 'message', user, text, ts },
  };
}

/** Polls until the check passes (work after ack is asynchronous). */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lets in-flight work settle, to assert that nothing more happens. */
/** Runs one scheduler tick at a simulated instant (the harness clock moves there first). */
export async function tickAt(h: Harness, s: Scheduler, iso: string) {
  h.clock.now = new Date(iso);
  return s.tick();
}

export const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

/**
 * The four-zones OKRs (Ana in Berlin and Chloe in Kolkata in Discovery, Monday 10:00; Ben in New
 * York and Dev in Auckland in Platform, Tuesday 09:30), both team channels joined, charts off, and a
 * scheduler to tick at simulated instants.
 */
export async function startFourZones(now: string): Promise<{ h: Harness; s: Scheduler }> {
  const h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', config: { OKRBOT_CHARTS: 'off' }, now });
  h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
  return { h, s: new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' }) };
}

/** The weekly check-in DMs okrbot posted to a person. */
export function weeklyDmsTo(h: Harness, user: string) {
  return h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === user && String(c.args.text).startsWith('Weekly check-in'));
}
