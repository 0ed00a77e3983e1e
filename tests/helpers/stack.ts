import { readFileSync } from 'node:fs';
import type { WebClient } from '@slack/web-api';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { parseOkrText } from '../../src/okrs/format.js';
import type { AppDeps } from '../../src/services/deps.js';
import { importOkrs } from '../../src/store/okrSync.js';
import type { FakeUser } from '../fakeSlack.js';
import { ADMIN, PEOPLE } from './bot.js';
import { freshDb } from './db.js';

/**
 * The service test tier (AsyncUp's `makeStack`): the real services on a real, migrated database
 * with a settable clock and an in-memory Slack port — no HTTP, no Bolt — so a rule is pinned in
 * milliseconds. The port answers the Web API methods the services call, in Slack's shapes, and
 * records every call.
 */

export interface MemorySlack {
  calls: Array<{ method: string; args: Record<string, unknown> }>;
  users: Map<string, FakeUser>;
  client: WebClient;
}

export function memorySlack(users: FakeUser[] = Object.values(PEOPLE)): MemorySlack {
  const calls: MemorySlack['calls'] = [];
  const byId = new Map(users.map((u) => [u.id, u]));
  let ts = 0;
  const slackUser = (u: FakeUser) => ({
    id: u.id,
    name: u.name,
    real_name: u.name,
    deleted: Boolean(u.deleted),
    is_bot: false,
    tz: u.tz,
    profile: { display_name: u.name, real_name: u.name, email: u.email },
  });
  const notFound = (error: string) =>
    Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
  const methods: Record<string, (args: Record<string, unknown>) => unknown> = {
    'chat.postMessage': (a) => ({
      ok: true,
      channel: /^[UW]/.test(String(a.channel)) ? `D${String(a.channel).slice(1)}` : a.channel,
      ts: `${1_800_000_000 + ++ts}.000100`,
    }),
    'chat.update': (a) => ({ ok: true, channel: a.channel, ts: a.ts }),
    'views.publish': () => ({ ok: true, view: { id: `V${++ts}` } }),
    'views.open': () => ({ ok: true, view: { id: `V${++ts}` } }),
    'users.info': (a) => {
      const u = byId.get(String(a.user));
      if (!u) throw notFound('user_not_found');
      return { ok: true, user: slackUser(u) };
    },
    'users.lookupByEmail': (a) => {
      const u = users.find((x) => x.email === a.email);
      if (!u) throw notFound('users_not_found');
      return { ok: true, user: slackUser(u) };
    },
  };
  const group = (prefix: string) =>
    new Proxy(
      {},
      {
        get:
          (_t, name: string) =>
          async (args: Record<string, unknown> = {}) => {
            const method = `${prefix}.${name}`;
            // As Slack reads a form body: `blocks` and `view` arrive as JSON strings.
            for (const key of ['blocks', 'view'])
              if (typeof args[key] === 'string') args = { ...args, [key]: JSON.parse(args[key] as string) };
            calls.push({ method, args });
            const answer = methods[method];
            if (!answer) throw new Error(`memorySlack: ${method} is not modelled`);
            return answer(args);
          },
      },
    );
  const client = {
    chat: group('chat'),
    views: group('views'),
    users: group('users'),
    conversations: group('conversations'),
    files: group('files'),
    token: 'xoxb-memory',
  } as unknown as WebClient;
  return { calls, users: byId, client };
}

export interface Stack {
  deps: AppDeps;
  slack: MemorySlack;
  clock: { now: Date };
  logs: string[];
}

/** Real services over a fresh database holding `importFile`, at `now`. */
export async function makeStack(options: { now?: string; importFile?: string } = {}): Promise<Stack> {
  const { db } = await freshDb();
  const clock = { now: new Date(options.now ?? '2027-01-19T10:00:00Z') };
  const file = options.importFile ?? 'examples/okrs.example.yaml';
  await importOkrs(db, parseOkrText(file, readFileSync(file, 'utf8')), { now: clock.now });
  const slack = memorySlack();
  const logs: string[] = [];
  const deps: AppDeps = {
    db,
    client: slack.client,
    logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
    clock: () => clock.now,
    admins: new Set([ADMIN]),
    metrics: new Metrics(),
    charts: false,
  };
  return { deps, slack, clock, logs };
}
