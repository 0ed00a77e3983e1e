import type { ServerResponse } from 'node:http';

/**
 * conversations.history and conversations.replies as Slack serves them, with Slack's 2025 limits
 * for commercially distributed apps outside the Marketplace: once a minute per workspace, at most
 * 15 messages a call (on the methods' pages). OAuth-installed workspaces always get that tier; the
 * single-workspace token gets it when `distributedApp` is set.
 */
export class HistoryTier {
  distributedApp = false;
  private readonly lastCall = new Map<string, number>();

  constructor(
    private readonly installedByOAuth: (token: string) => boolean,
    private readonly clock: () => Date,
  ) {}

  private distributed(token: string | undefined): boolean {
    return token !== undefined && (this.installedByOAuth(token) || this.distributedApp);
  }

  /** The largest page this token may read. */
  limit(token: string | undefined): number {
    return this.distributed(token) ? 15 : 999;
  }

  /** Answers 429 + Retry-After when this token read less than a minute ago; false (and counted) otherwise. */
  refuse(token: string, res: ServerResponse): boolean {
    const wait = this.wait(token);
    if (wait === 0) return false;
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(wait) });
    res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    return true;
  }

  /** Seconds until this token may read again (0: now, and the read is counted). */
  wait(token: string): number {
    if (!this.distributed(token)) return 0;
    const last = this.lastCall.get(token);
    const now = this.clock().getTime();
    if (last !== undefined && now - last < 60_000) return Math.ceil((60_000 - (now - last)) / 1000);
    this.lastCall.set(token, now);
    return 0;
  }
}

type Stored = { ts: string; text: unknown; metadata?: unknown };

/**
 * conversations.history / .replies: newest first (replies: oldest first), `oldest` and `latest`
 * exclusive unless `inclusive`, `limit` capped by the caller's tier, a cursor to page on; message
 * metadata only with include_all_metadata.
 */
export function readHistory(
  messages: Stored[],
  args: Record<string, unknown>,
  maxLimit: number,
): Record<string, unknown> {
  const inclusive = String(args.inclusive) === 'true';
  const oldest = args.oldest === undefined ? -Infinity : Number(args.oldest);
  const latest = args.latest === undefined ? Infinity : Number(args.latest);
  const inWindow = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
  const all = messages.filter((m) => inWindow(Number(m.ts))).reverse();
  const limit = Math.min(Number(args.limit ?? 100), maxLimit);
  const from = args.cursor ? Number(args.cursor) : 0;
  const page = all
    .slice(from, from + limit)
    .map((m) => (String(args.include_all_metadata) === 'true' ? m : { ts: m.ts, text: m.text }));
  const more = from + limit < all.length;
  return {
    ok: true,
    messages: page,
    has_more: more,
    response_metadata: { next_cursor: more ? String(from + limit) : '' },
  };
}
