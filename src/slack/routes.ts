import { timingSafeEqual } from 'node:crypto';
import type { CustomRoute } from '@slack/bolt';
import type { Db } from '../db/client.js';
import { databaseAnswers } from '../db/open.js';
import type { Metrics } from '../metrics.js';
import { assessReadiness, type Readiness, type SchedulerHealth } from '../services/readiness.js';
import type { TenancyStatus } from '../services/tenancy.js';

/** The bot's own HTTP routes beside Slack's: health for load balancers, Prometheus metrics. */

/** What the health routes read: each a getter, as the tenancy and scheduler come to exist after the routes. */
export interface HealthSources {
  db: Db;
  accepting: () => boolean;
  workspaces: () => Promise<TenancyStatus>;
  scheduler: () => SchedulerHealth | null;
  startedAt: Date;
}

/**
 * `GET /livez`: the process answers (restart it only when this fails). `GET /readyz`: this replica can
 * serve (send it traffic only when 200); `/healthz` is the same as `/readyz`, for the image's
 * HEALTHCHECK and existing probes. Both answer JSON that says why.
 */
export function healthRoutes(sources: HealthSources): CustomRoute[] {
  const live: CustomRoute = {
    path: '/livez',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'alive', uptimeSeconds: Math.round(process.uptime()) }));
    },
  };
  const ready = (path: string): CustomRoute => ({
    path,
    method: ['GET'],
    handler: async (_req, res) => {
      const readiness = await readinessOf(sources);
      res.writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(readinessJson(readiness)));
    },
  });
  return [live, ready('/readyz'), ready('/healthz')];
}

async function readinessOf(sources: HealthSources): Promise<Readiness> {
  const dbAnswers = await databaseAnswers(sources.db);
  const workspaces = dbAnswers ? await sources.workspaces().catch(() => null) : null;
  return assessReadiness({
    accepting: sources.accepting(),
    dbAnswers,
    workspaces,
    scheduler: sources.scheduler(),
    startedAt: sources.startedAt,
    now: new Date(),
  });
}

function readinessJson({ ready, problems, facts }: Readiness) {
  const s = facts.scheduler;
  const ago = (d: Date | null) => (d ? Math.round((facts.now.getTime() - d.getTime()) / 1000) : null);
  return {
    status: ready ? 'ok' : problems[0],
    problems,
    db: facts.dbAnswers ? 'ok' : 'unavailable',
    workspaces: facts.workspaces && {
      installed: facts.workspaces.installed,
      unreadable: facts.workspaces.unreadable.map((w) => w.teamId),
    },
    scheduler: s
      ? {
          role: s.leader ? 'leader' : 'standby',
          lastBeatSecondsAgo: ago(s.lastBeatAt),
          lastTickSecondsAgo: ago(s.lastTickAt),
          lastTickError: s.lastTickError,
        }
      : 'off',
  };
}

/** `GET /metrics` for Prometheus, behind a bearer token when METRICS_TOKEN is set. */
export function metricsRoute(token: string | undefined, metrics: Metrics): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (req, res) => {
      if (token && !bearerMatches(req.headers.authorization, token)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="okrbot metrics"' });
        res.end('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
      metrics.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    },
  };
}

/** Constant-time check of an `Authorization: Bearer …` header (no timing hints about the token). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
