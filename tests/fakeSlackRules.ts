import type { ServerResponse } from 'node:http';

/** What a test can make the fake Slack answer instead of success, and the arguments Slack requires. */

export type Injection =
  | { error: string } // ok:false with this error
  | { status: 429; retryAfter: number }
  | { status: 500 }
  /** Do the work (post the message), then answer 500: the caller cannot know it went through. */
  | { status: 500; afterWork: true }
  /** Do the work, but answer only after this delay (past the caller's timeout, say). */
  | { delayMs: number }
  /** Call this (e.g. kill the caller) instead of answering; `afterWork` posts first. */
  | { hook: () => void; afterWork?: boolean };

export type Rule = {
  method: string;
  match?: (args: Record<string, unknown>, token?: string) => boolean;
  times: number;
  reply: Injection;
};

export const REQUIRED: Record<string, string[]> = {
  'chat.postMessage': ['channel'],
  'chat.update': ['channel', 'ts'],
  'chat.postEphemeral': ['channel', 'user'],
  'views.open': ['trigger_id', 'view'],
  'views.publish': ['user_id', 'view'],
  'views.update': ['view'],
  'users.info': ['user'],
  'users.lookupByEmail': ['email'],
  'conversations.info': ['channel'],
  'conversations.history': ['channel'],
  'conversations.replies': ['channel', 'ts'],
  'conversations.open': ['users'],
  'files.getUploadURLExternal': ['filename', 'length'],
  'files.completeUploadExternal': ['files'],
  'files.info': ['file'],
};

/** Answers a call the way an injected rule says (its `times` is used up by one). */
export async function replyByRule(
  rule: Rule,
  answer: () => Record<string, unknown>,
  res: ServerResponse,
): Promise<void> {
  rule.times--;
  const reply = rule.reply;
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  if ('delayMs' in reply) {
    const body = answer();
    await new Promise((r) => setTimeout(r, reply.delayMs));
    return json(200, body);
  }
  if ('hook' in reply) {
    if (reply.afterWork) answer();
    reply.hook();
    return; // no answer: the caller is gone
  }
  if ('afterWork' in reply) {
    answer();
    return json(500, { ok: false, error: 'internal_error' });
  }
  if ('status' in reply && reply.status === 429)
    return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(reply.retryAfter) });
  if ('status' in reply) return json(reply.status, { ok: false, error: 'internal_error' });
  return json(200, { ok: false, error: reply.error });
}

/** Slack's pacing of chat.postMessage: a token bucket of `rate` per second with a one-second burst. */
export class TokenBucket {
  private tokens = 0;
  private at = 0;

  take(rate: number): boolean {
    const now = Date.now();
    if (this.at === 0) this.tokens = rate;
    this.tokens = Math.min(rate, this.tokens + ((now - (this.at || now)) / 1000) * rate);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
