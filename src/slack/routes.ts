import { timingSafeEqual } from 'node:crypto';
import type { CustomRoute } from '@slack/bolt';
import type { Db } from '../db/client.js';
import { databaseAnswers } from '../db/open.js';
import type { Metrics } from '../metrics.js';

/** The bot's own HTTP routes beside Slack's: health for load balancers, Prometheus metrics. */

/** `GET /healthz`: 200 while the database answers and the bot takes requests; 503 otherwise. */
export function healthRoute(db: Db, accepting: () => boolean): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req, res) => {
      const dbOk = await databaseAnswers(db);
      const ok = dbOk && accepting();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      const status = ok ? 'ok' : accepting() ? 'db_unavailable' : 'shutting_down';
      res.end(JSON.stringify({ status, db: dbOk ? 'ok' : 'unavailable' }));
    },
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
