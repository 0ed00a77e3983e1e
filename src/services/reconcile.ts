import { WebAPIRateLimitedError } from '@slack/web-api';
import type { Delivery } from '../db/schema.js';
import { isRetryable, listInDoubt, markNotDelivered, markSent } from '../store/deliveries.js';
import { getPerson, getPersonBySlackId, updatePerson } from '../store/people.js';
import { DELIVERY_EVENT } from './delivery.js';
import { slackErrorCode, type AppDeps } from './deps.js';

/**
 * Reconciliation: a send whose outcome okrbot did not see (a timeout, a 5xx, a crash between
 * claim and mark) is looked up in Slack by the metadata that names its claim, never guessed.
 */

export interface ReconcileReport {
  /** Found in Slack: marked sent. */
  confirmed: number;
  /** Not found: open for sending again (or failed for good once attempts ran out). */
  notPosted: number;
  /** Could not be checked now (Slack unavailable); tried again next tick. */
  unresolved: number;
  /** Not posted, and out of attempts: failed for good ("could not reach"), with the last error. */
  gaveUp: Array<{ deliveryId: number; purpose: string; personId: number | null; teamId: number | null; error: string }>;
}

/**
 * The conversation a delivery was posted to, as conversations.history knows it (D… for a DM).
 * Only in-doubt sends need this, so the DM channel is looked up (and cached) here, not on every send.
 */
async function conversationOf(deps: AppDeps, d: Delivery): Promise<string> {
  const target = d.channel!;
  if (!/^[UW]/.test(target)) return target;
  const person =
    (await getPersonBySlackId(deps.db, target)) ??
    (d.personId !== null ? await getPerson(deps.db, d.personId) : undefined);
  if (person?.dmChannel) return person.dmChannel;
  const res = await deps.client.conversations.open({ users: target, return_im: false });
  const id = res.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  if (person) await updatePerson(deps.db, person.id, { dmChannel: id });
  return id;
}

/**
 * Where in Slack's history a claimed post can be: from a minute before its claim (clocks differ)
 * to a few minutes after (a send is cut off after OKRBOT_SLACK_TIMEOUT_MS, 60 s at most).
 */
const WINDOW_BEFORE_S = 60;
const WINDOW_AFTER_S = 180;
/**
 * Slack's 2025 tier for distributed (non-Marketplace) apps: conversations.history and .replies
 * once a minute per workspace, 15 messages a call. Every read here fits it: one page of 15 in the
 * claim's time window, newest first; a window with more resumes at its cursor on the next tick.
 */
const PAGE = 15;
const cursors = new Map<number, string>();

type Lookup = { found: string } | { absent: true } | { more: true };

/** The message okrbot posted for this delivery, looked up by its metadata in the claim's window. */
async function findPosted(deps: AppDeps, d: Delivery, channel: string): Promise<Lookup> {
  const claimed = Date.parse(d.claimedAt) / 1000;
  const window = {
    oldest: (claimed - WINDOW_BEFORE_S).toFixed(6),
    latest: (claimed + WINDOW_AFTER_S).toFixed(6),
    inclusive: true,
  };
  const cursor = cursors.get(d.id);
  const args = { channel, limit: PAGE, include_all_metadata: true, ...window, ...(cursor && { cursor }) };
  const thread = /\/thread:([0-9.]+)$/.exec(d.subject)?.[1];
  // A reply in a thread is not in the channel's history: read the thread.
  const res = thread
    ? await deps.client.conversations.replies({ ...args, ts: thread })
    : await deps.client.conversations.history(args);
  for (const m of res.messages ?? []) {
    const meta = m.metadata as { event_type?: string; event_payload?: { delivery?: unknown } } | undefined;
    if (meta?.event_type === DELIVERY_EVENT && Number(meta.event_payload?.delivery) === d.id && m.ts) {
      cursors.delete(d.id);
      return { found: m.ts };
    }
  }
  const next = res.response_metadata?.next_cursor;
  if (res.has_more && next) {
    cursors.set(d.id, next);
    return { more: true };
  }
  cursors.delete(d.id);
  return { absent: true };
}

/**
 * Settles every claim whose outcome okrbot did not see: runs at start-up and before every
 * scheduler tick (and `okrbot run`), before anything new is sent.
 */
export async function reconcileInDoubt(deps: AppDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { confirmed: 0, notPosted: 0, unresolved: 0, gaveUp: [] };
  const notPosted = async (d: Delivery) => {
    const error = d.error ?? 'interrupted';
    await markNotDelivered(deps.db, d.id, error);
    report.notPosted++;
    if (!isRetryable({ state: 'failed', error, attempts: d.attempts })) {
      report.gaveUp.push({ deliveryId: d.id, purpose: d.purpose, personId: d.personId, teamId: d.teamId, error });
      deps.metrics.messagesFailed.inc({ purpose: d.purpose, error });
    }
  };
  let historyLimited = false;
  for (const d of await listInDoubt(deps.db, deps.clock())) {
    if (!d.channel) {
      // Cut off before the post (the channel is recorded just before it): nothing reached Slack.
      await notPosted(d);
      continue;
    }
    if (historyLimited) {
      report.unresolved++; // Slack asked us to wait: the rest is read on a later tick
      continue;
    }
    try {
      const channel = await conversationOf(deps, d);
      const found = await findPosted(deps, d, channel);
      if ('found' in found) {
        await markSent(deps.db, d.id, channel, found.found, deps.clock());
        deps.metrics.messagesSent.inc({ purpose: d.purpose });
        report.confirmed++;
      } else if ('absent' in found) {
        await notPosted(d);
      } else {
        report.unresolved++;
      }
    } catch (e) {
      report.unresolved++;
      if (e instanceof WebAPIRateLimitedError) historyLimited = true;
      deps.logger.warn('could not reconcile an in-doubt delivery; will try again', {
        deliveryId: d.id,
        error: slackErrorCode(e),
      });
    }
  }
  if (report.confirmed || report.notPosted)
    deps.logger.info('reconciled in-doubt deliveries', {
      confirmed: report.confirmed,
      notPosted: report.notPosted,
      gaveUp: report.gaveUp.length,
    });
  return report;
}
