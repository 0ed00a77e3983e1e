import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tooLong, validateMessage, validateView } from './fakeSlackBlocks.js';
import { FakeUploads, SharedFiles, type Upload } from './fakeSlackFiles.js';
import { FakeSocketMode, parseArgs, slackUser, type FakeUser } from './fakeSlackWire.js';
export type { FakeUser } from './fakeSlackWire.js';
import { FakeOAuth } from './fakeSlackOAuth.js';
import { HistoryTier, readHistory } from './fakeSlackHistory.js';
import { replyByRule, REQUIRED, TokenBucket, type Injection, type Rule } from './fakeSlackRules.js';
export type { Injection } from './fakeSlackRules.js';
export { validateBlocks, validateMessage, validateView } from './fakeSlackBlocks.js';

/**
 * A local stand-in for Slack's Web API and response_url endpoints. It checks the bot token and
 * required arguments, answers in Slack's shapes, enforces the Block Kit limits okrbot relies on
 * (answering `invalid_blocks` as Slack does), records every call, and can inject errors and 429s.
 */

export interface Call {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** The bot token the call came with (which workspace's). */
  token?: string;
}

export class FakeSlack {
  readonly calls: Call[] = [];
  readonly responses: Array<{ id: string; body: Record<string, unknown> }> = [];
  readonly users = new Map<string, FakeUser>();
  /** Messages posted per conversation, oldest first, as conversations.history reads them. */
  readonly history = new Map<string, Array<{ ts: string; text: unknown; metadata?: unknown }>>();
  /** Thread replies per `channel/thread_ts`, oldest first (conversations.replies). */
  readonly replies = new Map<string, Array<{ ts: string; text: unknown; metadata?: unknown }>>();
  /** The time message ts are made from (a test sets its simulated clock). */
  clock: () => Date = () => new Date();
  private tsSeq = 0;
  /** Reads of history and threads under Slack's tiers (`tier.distributedApp` for the single-workspace token too). */
  readonly historyTier = new HistoryTier(
    (token) => this.oauth.byToken.has(token),
    () => this.clock(),
  );
  /** Latest content of every message posted, by `channel/ts`. */
  readonly messages = new Map<string, Record<string, unknown>>();
  /**
   * Channels the workspace has, and whether the bot is in each. A public channel the bot is not in
   * answers `not_in_channel`; a private one answers `channel_not_found`, as real Slack does: a
   * private channel does not exist for a bot outside it.
   */
  readonly channels = new Map<string, { member: boolean; private?: boolean }>();
  token = 'xoxb-test-token';
  /** Installs by OAuth: more workspaces, each with its own token. */
  readonly oauth = new FakeOAuth();
  appToken = 'xapp-test-token';
  private socketMode: FakeSocketMode | null = null;
  /** Artificial latency per call, ms. */
  latencyMs = 0;
  /** When set, chat.postMessage is limited to this many calls per second (token bucket, 1 s burst) and answers 429 + Retry-After beyond it, like Slack. */
  rateLimitPerSecond: number | null = null;
  rateLimited = 0;
  /** TCP connections accepted so far: keep-alive clients reuse a few instead of one per call. */
  connections = 0;
  /** Requests answered so far, of any kind (benchmarks wait for this to settle between phases). */
  handled = 0;
  private readonly bucket = new TokenBucket();
  /** Keep only counts, not every call (benchmarks with tens of thousands of calls). */
  recordCalls = true;
  readonly postsByChannel = new Map<string, number>();
  private rules: Rule[] = [];
  private server: Server | null = null;
  private tsCounter = 1_700_000_000;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      res.on('finish', () => this.handled++);
      void this.handle(req, res);
    });
    this.server.keepAliveTimeout = 30_000; // like real servers: idle keep-alive sockets are reused, not reset
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.socketMode = new FakeSocketMode(this.server);
    return this;
  }

  /** Sends a Socket Mode envelope and resolves with the bot's ack payload. */
  sendEnvelope(type: string, payload: Record<string, unknown>): Promise<unknown> {
    if (!this.socketMode) throw new Error('not started');
    return this.socketMode.send(`env-${this.tsCounter++}`, type, payload);
  }

  get socketConnected(): boolean {
    return this.socketMode?.connected ?? false;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.socketMode?.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  readonly uploadStore = new FakeUploads();
  /** Files okrbot uploaded, by id. */
  get uploads(): ReadonlyMap<string, Upload> {
    return this.uploadStore.byId;
  }

  /** Files people "uploaded" (addFile), served at url_private_download to the bot token, as Slack does. */
  readonly shared = new SharedFiles(() => this.url);
  get fileDownloads(): ReadonlyArray<{ id: string; authorized: boolean }> {
    return this.shared.downloads;
  }

  /** A file as a `file_share` message event carries it. */
  addFile(id: string, name: string, content: string) {
    return this.shared.add(id, name, content);
  }

  addUser(user: FakeUser): this {
    this.users.set(user.id, user);
    return this;
  }

  /** The next `times` calls to `method` (matching `match`) get `reply` instead of success. */
  inject(
    method: string,
    reply: Injection,
    options: { times?: number; match?: (args: Record<string, unknown>, token?: string) => boolean } = {},
  ): void {
    this.rules.push({ method, reply, times: options.times ?? 1, match: options.match });
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.rules = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const raw = body.toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (url.pathname.startsWith('/upload/v1/')) return this.receiveUpload(url.pathname.split('/')[3]!, req, body, res);

    if (url.pathname === '/_stats') {
      return this.json(res, 200, {
        posts: Object.fromEntries(this.postsByChannel),
        rateLimited: this.rateLimited,
        calls: this.calls.length,
        handled: this.handled,
      });
    }
    if (url.pathname.startsWith('/respond/')) {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      const problems = [
        ...validateMessage(body),
        ...this.uploadStore.unknownFiles(body),
        ...(tooLong(body) ? ['msg_blocks_too_long'] : []),
      ];
      this.responses.push({ id: url.pathname.slice('/respond/'.length), body });
      return this.json(
        res,
        problems.length ? 400 : 200,
        problems.length ? { ok: false, error: 'invalid_blocks', errors: problems } : { ok: true },
      );
    }
    if (url.pathname.startsWith('/files-pri/'))
      return this.shared.serve(url.pathname.split('/')[2]!, req.headers.authorization === `Bearer ${this.token}`, res);
    if (!url.pathname.startsWith('/api/')) return this.json(res, 404, { ok: false, error: 'unknown_path' });

    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(req.headers['content-type'] ?? '', raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined);
    if (this.recordCalls) this.calls.push({ method, args, at: Date.now(), ...(token && { token }) });
    if (method === 'oauth.v2.access') return this.json(res, 200, this.oauth.access(args, auth));
    if (
      method === 'chat.postMessage' &&
      this.rateLimitPerSecond !== null &&
      !this.bucket.take(this.rateLimitPerSecond)
    ) {
      this.rateLimited++;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }

    if (!token) return this.json(res, 200, { ok: false, error: 'not_authed' });
    if (method === 'apps.connections.open') {
      // Only the app-level token may open a Socket Mode connection.
      if (token !== this.appToken) return this.json(res, 200, { ok: false, error: 'invalid_auth' });
      return this.json(res, 200, { ok: true, url: `${this.url.replace('http', 'ws')}/link` });
    }
    if (token !== this.token && !this.oauth.byToken.has(token))
      return this.json(res, 200, { ok: false, error: 'invalid_auth' });
    if (method === 'auth.revoke') return this.json(res, 200, this.oauth.revokeToken(token));

    const rule = this.rules.find((r) => r.method === method && r.times > 0 && (!r.match || r.match(args, token)));
    if (rule) return replyByRule(rule, () => this.answer(method, args, token), res);
    if (
      (method === 'conversations.history' || method === 'conversations.replies') &&
      this.historyTier.refuse(token, res)
    )
      return;

    const missing = (REQUIRED[method] ?? []).filter((a) => args[a] === undefined || args[a] === '');
    if (missing.length)
      return this.json(res, 200, {
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: missing.map((m) => `missing ${m}`) },
      });
    return this.json(res, 200, this.answer(method, args, token));
  }

  /** Step 2 of files.uploadV2 (an injected 'upload' rule answers its status instead). */
  private async receiveUpload(id: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const rule = this.rules.find((r) => r.method === 'upload' && r.times > 0);
    if (rule) {
      rule.times--;
      return this.json(res, 'status' in rule.reply ? rule.reply.status : 500, { ok: false });
    }
    const answer = await this.uploadStore.receive(id, req.headers['content-type'] ?? '', body);
    res.writeHead(answer.status, { 'content-type': 'text/plain' });
    res.end(answer.body);
  }

  /** A message ts as Slack makes them: the post's time in seconds, and a sequence number. */
  private nextTs(): string {
    return `${Math.floor(this.clock().getTime() / 1000)}.${String(++this.tsSeq % 1_000_000).padStart(6, '0')}`;
  }

  private answer(method: string, args: Record<string, unknown>, token?: string): Record<string, unknown> {
    switch (method) {
      case 'files.getUploadURLExternal':
        return this.uploadStore.start(`F${randomBytes(5).toString('hex').toUpperCase()}`, args, this.url); // unique, as Slack's ids are
      case 'files.completeUploadExternal':
        return this.uploadStore.complete(args);
      case 'files.info':
        return this.uploadStore.info(args);
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'okrbot',
          team_id: 'T0FAKE',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        };
      case 'chat.postMessage': {
        if (tooLong(args)) return { ok: false, error: 'msg_blocks_too_long' };
        const problems = [...validateMessage(args), ...this.uploadStore.unknownFiles(args)];
        if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems };
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        let channel = String(args.channel);
        if (/^[UWD]/.test(channel)) {
          const user = this.users.get(`U${channel.slice(1)}`) ?? this.users.get(channel);
          if (!user) return { ok: false, error: 'channel_not_found' };
          // A deactivated person's DM still takes the post (Slack staff, python-slack-sdk #1156):
          // `account_inactive` is about the caller's own token, never the recipient.
          channel = `D${user.id.slice(1)}`;
        } else if (this.channels.has(channel) && !this.channels.get(channel)!.member) {
          return { ok: false, error: this.channels.get(channel)!.private ? 'channel_not_found' : 'not_in_channel' };
        } else if (/^[CG]/.test(channel) && !this.channels.has(channel)) {
          return { ok: false, error: 'channel_not_found' };
        }
        const ts = this.nextTs();
        if (this.recordCalls) this.messages.set(`${channel}/${ts}`, args);
        else this.messages.set(`${channel}/${ts}`, {});
        // A reply in a thread is not in the channel's history (conversations.replies reads it), as in Slack.
        const key = args.thread_ts ? `${channel}/${String(args.thread_ts)}` : channel;
        const list = (args.thread_ts ? this.replies : this.history).get(key) ?? [];
        list.push({
          ts,
          text: args.text,
          ...(args.metadata !== undefined && {
            metadata: typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata,
          }),
        });
        (args.thread_ts ? this.replies : this.history).set(key, list);
        this.postsByChannel.set(channel, (this.postsByChannel.get(channel) ?? 0) + 1);
        return { ok: true, channel, ts, message: { text: args.text, ts } };
      }
      case 'chat.update': {
        if (tooLong(args)) return { ok: false, error: 'msg_blocks_too_long' };
        const problems = [...validateMessage(args), ...this.uploadStore.unknownFiles(args)];
        if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems };
        if (this.messages.get(`${String(args.channel)}/${String(args.ts)}`) === undefined)
          return { ok: false, error: 'message_not_found' };
        this.messages.set(`${String(args.channel)}/${String(args.ts)}`, args);
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.tsCounter++}.000200` };
      case 'views.open':
      case 'views.update':
      case 'views.publish': {
        // views.update names the view it replaces (view_id or external_id), as Slack requires.
        if (method === 'views.update' && !args.view_id && !args.external_id)
          return { ok: false, error: 'invalid_arguments' };
        const view = (typeof args.view === 'string' ? JSON.parse(args.view) : args.view) as Record<string, unknown>;
        const problems = validateView(view);
        if (problems.length)
          return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
        return { ok: true, view: { id: `V${this.tsCounter++}`, ...view } };
      }
      case 'users.info': {
        const user = this.users.get(String(args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: slackUser(user) };
      }
      case 'users.lookupByEmail': {
        const user = [...this.users.values()].find((u) => u.email?.toLowerCase() === String(args.email).toLowerCase());
        return user ? { ok: true, user: slackUser(user) } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.open': {
        const user = this.users.get(String(args.users));
        if (!user) return { ok: false, error: 'user_not_found' };
        // Undocumented for a deactivated user: modelled as the worst case for okrbot, success.
        return { ok: true, channel: { id: `D${user.id.slice(1)}` } };
      }
      case 'conversations.history':
        return readHistory(this.history.get(String(args.channel)) ?? [], args, this.historyTier.limit(token));
      case 'conversations.replies': {
        const parent = (this.history.get(String(args.channel)) ?? []).filter((m) => m.ts === String(args.ts));
        if (parent.length === 0) return { ok: false, error: 'thread_not_found' };
        return readHistory(
          [...parent, ...(this.replies.get(`${String(args.channel)}/${String(args.ts)}`) ?? [])],
          args,
          this.historyTier.limit(token),
        );
      }
      case 'conversations.info': {
        const c = this.channels.get(String(args.channel));
        if (!c || (c.private && !c.member)) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: { id: args.channel, is_private: Boolean(c.private), is_member: c.member } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
