import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * Checks made before Bolt reads a request: Bolt reads the whole body before it verifies the
 * signature (one unsigned 200 MB POST would sit in memory), and it refuses stale timestamps but
 * not ones from the future. Slack's rule is |now − timestamp| ≤ 5 minutes, both ways. A body is
 * capped at MAX_BODY_BYTES whether it comes with a Content-Length or chunked.
 */

/** No Slack payload comes near this (a large modal submission is tens of kilobytes). */
export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_SKEW_SECONDS = 5 * 60;
/** How long a refused upload is read (and dropped) before the connection is closed. */
const DRAIN_MS = 2000;

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
  res.end(message);
}

/**
 * Refuses a request whose body is still arriving, so that the client reads the answer: answer,
 * half-close, read and drop what keeps coming for a moment, then close (RFC 9112 §9.6). Closing at
 * once, with unread data on the socket, sends a TCP reset that can destroy the answer in flight.
 * Node closes a `Connection: close` response at once, so the close is done here instead.
 */
function refuseWhileUploading(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  res.shouldKeepAlive = true; // keep Node from destroying the socket as soon as the answer is written
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(message);
  req.on('data', () => {});
  req.resume();
  const socket = req.socket;
  res.on('finish', () => {
    socket.end(); // half-close: the answer, then FIN
    const timer = setTimeout(() => socket.destroy(), DRAIN_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

/** Reads a body of unknown length (chunked) up to the cap: the bytes, or null past the cap (reading stops). */
function readCapped(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        resolve(null);
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function guardRequests(inner: RequestListener, now: () => number = Date.now): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return inner(req, res);
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && ts - now() / 1000 > MAX_SKEW_SECONDS) {
      req.resume();
      return refuse(res, 401, 'Request timestamp is in the future');
    }
    if (req.headers['content-length'] === undefined) {
      // Slack sends Content-Length, but a proxy may forward its request chunked: read it up to the
      // cap ourselves and hand Bolt the bytes (it reads no further when rawBody is set).
      if (!/\bchunked\b/i.test(req.headers['transfer-encoding'] ?? '')) {
        req.resume();
        return refuse(res, 411, 'Content-Length required');
      }
      void readCapped(req).then(
        (body) => {
          if (!body) return refuseWhileUploading(req, res, 413, 'Request body too large');
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
          return inner(req, res);
        },
        () => req.destroy(),
      );
      return;
    }
    const length = Number(req.headers['content-length']);
    if (Number.isNaN(length)) {
      req.resume();
      return refuse(res, 400, 'Bad Content-Length');
    }
    // Answered before the body is read, without waiting for the rest of it.
    if (length > MAX_BODY_BYTES) return refuseWhileUploading(req, res, 413, 'Request body too large');
    return inner(req, res);
  };
}

export type ProcessEventErrorHandler = (args: {
  error: unknown;
  response: ServerResponse;
  request: IncomingMessage & { rawBody?: Buffer };
}) => Promise<boolean>;

/** A signed payload missing what its type needs (a view_submission with no view). */
function isMalformed(raw: Buffer | undefined): boolean {
  if (!raw) return false;
  try {
    const text = raw.toString('utf8');
    const form = new URLSearchParams(text).get('payload');
    const body = JSON.parse(form ?? text) as { type?: string; view?: unknown };
    return (
      (body.type === 'view_submission' || body.type === 'view_closed') &&
      (typeof body.view !== 'object' || body.view === null)
    );
  } catch {
    return false;
  }
}

/**
 * Bolt answers 500 when it cannot even route a payload, and Slack retries a 5xx. A malformed one
 * (forged, or broken in transit) is acknowledged with 200 and ignored; every other error keeps
 * Bolt's answer (a 5xx, so an answer okrbot failed to store is not acknowledged as taken).
 */
export function ackMalformed(
  inner: ProcessEventErrorHandler,
  logger: { warn: (msg: string, f?: Record<string, unknown>) => void },
): ProcessEventErrorHandler {
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
