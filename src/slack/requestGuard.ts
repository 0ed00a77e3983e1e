import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * Checks made before Bolt reads a request: Bolt reads the whole body before it verifies the
 * signature (one unsigned 200 MB POST would sit in memory), and it refuses stale timestamps but
 * not ones from the future. Slack's rule is |now − timestamp| ≤ 5 minutes, both ways.
 */

/** No Slack payload comes near this (a large modal submission is tens of kilobytes). */
export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_SKEW_SECONDS = 5 * 60;

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
  res.end(message);
}

export function guardRequests(inner: RequestListener, now: () => number = Date.now): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return inner(req, res);
    const length = Number(req.headers['content-length']);
    if (req.headers['content-length'] === undefined || Number.isNaN(length)) {
      // Slack always sends Content-Length; without it the size is unknown until it is too late.
      req.resume();
      return refuse(res, 411, 'Content-Length required');
    }
    if (length > MAX_BODY_BYTES) {
      // Answer first, then drop the connection without reading the rest of the body.
      res.on('finish', () => req.destroy());
      return refuse(res, 413, 'Request body too large');
    }
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && ts - now() / 1000 > MAX_SKEW_SECONDS) {
      req.resume();
      return refuse(res, 401, 'Request timestamp is in the future');
    }
    return inner(req, res);
  };
}

export type ProcessEventErrorHandler = (args: { error: unknown; response: ServerResponse; request: IncomingMessage & { rawBody?: Buffer } }) => Promise<boolean>;

/** A signed payload missing what its type needs (a view_submission with no view). */
function isMalformed(raw: Buffer | undefined): boolean {
  if (!raw) return false;
  try {
    const text = raw.toString('utf8');
    const form = new URLSearchParams(text).get('payload');
    const body = JSON.parse(form ?? text) as { type?: string; view?: unknown };
    return (body.type === 'view_submission' || body.type === 'view_closed') && (typeof body.view !== 'object' || body.view === null);
  } catch {
    return false;
  }
}

/**
 * Bolt answers 500 when it cannot even route a payload, and Slack retries a 5xx. A malformed one
 * (forged, or broken in transit) is acknowledged with 200 and ignored; every other error keeps
 * Bolt's answer (a 5xx, so an answer okrbot failed to store is not acknowledged as taken).
 */
export function ackMalformed(inner: ProcessEventErrorHandler, logger: { warn: (msg: string, f?: Record<string, unknown>) => void }): ProcessEventErrorHandler {
  return async (args) => {
    if (!args.response.headersSent && isMalformed(args.request.rawBody)) {
      logger.warn('malformed payload acknowledged and ignored');
      args.response.writeHead(200);
      args.response.end();
      return true;
    }
    return inner(args);
  };
}
