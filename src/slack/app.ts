import { App, type AppOptions, type CustomRoute } from '@slack/bolt';
import { WebClientEvent } from '@slack/web-api';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/client.js';
import { closeDatabase, openDatabase } from '../db/open.js';
import { healthRoutes, metricsRoute } from './routes.js';
import { toSlackLogger, type Logger } from '../log.js';
import type { AppDeps } from '../services/deps.js';
import { baseAdmins } from '../services/admins.js';
import { Metrics } from '../metrics.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { registerListeners, replayInterrupted } from './listeners/index.js';
import { ackMalformed, guardRequests, type ProcessEventErrorHandler } from './requestGuard.js';
import { webClientOptions } from './webClient.js';
import { handleUninstalls, scopeRequests, workspaceSetup } from './workspaceSetup.js';
import { requestScoped, type Tenancy } from '../services/tenancy.js';
import { handleErrors, NotServed } from './notServed.js';
import { mcpRoute, parseMcpTokens, type McpGrant } from '../mcp/http.js';
import { isDistributed, type SlackConfig } from '../config.js';

/**
 * The Bolt app: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP with events, commands and
 * interactivity at POST /slack/events. GET /healthz answers in both modes.
 */

export interface StartOptions {
  config: SlackConfig;
  logger: Logger;
  clock?: () => Date;
  /** An already open database (tests); otherwise DATABASE_URL or DATABASE_PATH is opened and migrated. */
  db?: Db;
}

export interface RunningBot {
  app: App;
  deps: AppDeps;
  scheduler: Scheduler | null;
  /** The deps of every workspace served (one, or each OAuth install): what the scheduler ticks over. */
  workspaces: () => Promise<AppDeps[]>;
  /** The HTTP port actually listened on (PORT=0 picks a free one). */
  port: number | null;
  stop(): Promise<void>;
}

/** Counts listener executions so shutdown can wait for them to finish. */
class Inflight {
  private count = 0;
  private waiters: Array<() => void> = [];
  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await fn();
    } finally {
      this.count--;
      if (this.count === 0) this.waiters.splice(0).forEach((w) => w());
    }
  }
  drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
  get size() {
    return this.count;
  }
}

function requestType(body: Record<string, unknown>): string {
  if (typeof body.command === 'string') return 'command';
  if (body.type === 'block_actions') return 'action';
  if (body.type === 'view_submission' || body.type === 'view_closed') return String(body.type);
  if (body.event) return 'event';
  return 'other';
}

export async function startBot(opts: StartOptions): Promise<RunningBot> {
  const { config, logger } = opts;
  const db = opts.db ?? (await openDatabase({ url: config.DATABASE_URL, path: config.DATABASE_PATH }));

  const metrics = new Metrics({ processMetrics: true });
  const live: Live = { accepting: true, tenancy: null, scheduler: null };
  const routes = botRoutes(config, db, metrics, logger, live);

  const clientOptions = webClientOptions(config);
  const clock = opts.clock ?? (() => new Date());
  const workspaces = workspaceSetup(config, db, clock, clientOptions, logger);
  const common = {
    ...workspaces.appOptions,
    logger: toSlackLogger(logger),
    // Bolt's respond() (response_url) uses clientOptions.fetch too: one keep-alive pool for both.
    clientOptions,
    // okrbot keeps no conversation state in Bolt; skip that middleware on every request.
    convoStore: false as const,
    // The error handler sees the request (slack/notServed.ts answers a workspace okrbot does not serve).
    extendedErrorHandler: true,
    customRoutes: routes,
  };
  const app = createApp(config, logger, common, clientOptions);

  const base: AppDeps = {
    db,
    client: app.client,
    logger,
    clock,
    admins: baseAdmins(config.OKR_ADMINS, isDistributed(config)),
    charts: config.OKRBOT_CHARTS !== 'off',
    metrics,
  };
  app.client.on(WebClientEvent.RATE_LIMITED, () => metrics.rateLimited.inc());
  const tenancy = (live.tenancy = workspaces.tenancy(base));
  // Many workspaces: listeners get deps whose db and client are the request's workspace's
  // (services/tenancy.ts). One workspace: the deps themselves — no per-request context to carry
  // (AsyncLocalStorage costs every promise something; the click path measured ~30 % slower).
  const distributed = isDistributed(config);
  const deps = distributed ? requestScoped(base) : base;

  const inflight = new Inflight();
  countRequests(app, metrics, inflight);
  registerAll(app, { deps, base, tenancy, distributed, clock });

  const port = await listen(app, config, logger);
  await replayInterrupted(app, deps);
  const scheduler = (live.scheduler = startScheduler(config, base, tenancy));

  let stopping: Promise<void> | null = null;
  const stop = () => {
    live.accepting = false;
    return (stopping ??= stopBot({ app, scheduler, inflight, logger, db: opts.db ? null : db }));
  };
  return { app, deps, scheduler, workspaces: () => tenancy.all(), port, stop };
}

/** What the bot's own routes read as it comes up and goes down. */
interface Live {
  accepting: boolean;
  tenancy: Tenancy | null;
  scheduler: Scheduler | null;
}

/** The bot's own HTTP routes beside Slack's: health, metrics, and MCP when OKRBOT_MCP_TOKENS is set. */
function botRoutes(config: SlackConfig, db: Db, metrics: Metrics, logger: Logger, live: Live): CustomRoute[] {
  // An MCP token's person is served in their workspace (the single one, or the token's team).
  const mcpDeps = async (g: McpGrant): Promise<AppDeps | null> => {
    if (!live.tenancy) return null;
    return isDistributed(config)
      ? live.tenancy.forTeam(g.teamId ?? undefined)
      : ((await live.tenancy.all())[0] ?? null);
  };
  return [
    ...healthRoutes({
      db,
      accepting: () => live.accepting,
      workspaces: async () => (live.tenancy ? live.tenancy.status() : { installed: 0, unreadable: [] }),
      scheduler: () => live.scheduler?.health ?? null,
      startedAt: new Date(),
    }),
    metricsRoute(config.METRICS_TOKEN, metrics),
    ...(config.OKRBOT_MCP_TOKENS ? [mcpRoute(parseMcpTokens(config.OKRBOT_MCP_TOKENS), mcpDeps, logger)] : []),
  ];
}

/** Middleware (the request's workspace), listeners and the error handler, in the order Bolt runs them. */
function registerAll(
  app: App,
  s: { deps: AppDeps; base: AppDeps; tenancy: Tenancy; distributed: boolean; clock: () => Date },
): void {
  const notServed = new NotServed(s.base.logger);
  if (s.distributed) {
    scopeRequests(app, s.tenancy, notServed);
    handleUninstalls(app, s.base.db, s.tenancy, s.clock, s.base.logger);
  }
  registerListeners(app, s.deps);
  handleErrors(app, s.base.logger, notServed);
}

function startScheduler(config: SlackConfig, base: AppDeps, tenancy: Tenancy): Scheduler | null {
  if (config.OKRBOT_SCHEDULER !== 'on') return null;
  const scheduler = new Scheduler(base, {
    rate: config.OKRBOT_SEND_RATE,
    concurrency: config.OKRBOT_SEND_CONCURRENCY,
    workspaces: () => tenancy.all(),
  });
  scheduler.start();
  return scheduler;
}

/** The Bolt app in Socket Mode (an app-level token) or HTTP mode (signing secret, guarded receiver). */
function createApp(
  config: SlackConfig,
  logger: Logger,
  common: AppOptions,
  clientOptions: AppOptions['clientOptions'],
): App {
  if (config.SLACK_APP_TOKEN) {
    // installerOptions.clientOptions reaches the Socket Mode client, so apps.connections.open honours SLACK_API_URL too.
    return new App({
      ...common,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      installerOptions: { port: config.PORT, clientOptions },
    });
  }
  const app = new App({ ...common, signingSecret: config.SLACK_SIGNING_SECRET!, processBeforeResponse: false });
  // Size and clock checks before Bolt buffers the body (see requestGuard.ts).
  const receiver = (
    app as unknown as {
      receiver: { requestListener: RequestListener; processEventErrorHandler: ProcessEventErrorHandler };
    }
  ).receiver;
  receiver.requestListener = guardRequests(receiver.requestListener);
  receiver.processEventErrorHandler = ackMalformed(receiver.processEventErrorHandler, logger);
  return app;
}

/** Every request is timed and counted, and tracked in flight (a stop lets them finish). */
function countRequests(app: App, metrics: Metrics, inflight: Inflight): void {
  app.use(async ({ next, body }) => {
    const type = requestType(body as Record<string, unknown>);
    const stop = metrics.handlerSeconds.startTimer({ type });
    try {
      await inflight.run(next);
      metrics.requests.inc({ type, outcome: 'ok' });
    } catch (e) {
      metrics.requests.inc({ type, outcome: 'error' });
      throw e;
    } finally {
      stop();
    }
  });
}

/** Starts serving (HTTP, or Socket Mode with /healthz on its own small server); the port, when there is one. */
async function listen(app: App, config: SlackConfig, logger: Logger): Promise<number | null> {
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const started = (await app.start(config.PORT)) as Server | undefined;
  const server = socketMode ? (app as unknown as { receiver: { httpServer?: Server } }).receiver.httpServer : started;
  if (server && !server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const port = (server?.address() as AddressInfo | null)?.port ?? null;
  const metrics = config.METRICS_TOKEN ? 'bearer token' : 'open (set METRICS_TOKEN to require one)';
  logger.info('okrbot started', { mode: socketMode ? 'socket' : 'http', port, metrics });
  return port;
}

/** Stops taking requests, lets in-flight handlers finish (up to 10 s), then closes what it opened. */
async function stopBot(s: {
  app: App;
  scheduler: Scheduler | null;
  inflight: Inflight;
  logger: Logger;
  db: Db | null;
}): Promise<void> {
  const { app, scheduler, inflight, logger, db } = s;
  logger.info('okrbot stopping: finishing in-flight work', { inflight: inflight.size });
  const stoppedAt = Date.now();
  // Both at once: the scheduler stops between sends and lets go of the lead while the receiver closes.
  const receiver = app.stop().catch((e: unknown) => {
    logger.warn('receiver did not stop cleanly', { error: e instanceof Error ? e : String(e) });
  });
  await scheduler?.stop();
  logger.info('scheduler stopped', { ms: Date.now() - stoppedAt });
  await receiver;
  const drained = await inflight.drain(10_000);
  if (!drained) logger.warn('gave up waiting for in-flight handlers', { inflight: inflight.size });
  if (db) await closeDatabase(db);
  logger.info('okrbot stopped');
}
