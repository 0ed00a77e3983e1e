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
  const person = await getPersonBySlackId(deps.db, target) ?? (d.personId !== null ? await getPerson(deps.db, d.personId) : undefined);
  if (person?.dmChannel) return person.dmChannel;
  const res = await deps.client.conversations.open({ users: target, return_im: false });
  const id = res.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  if (person) await updatePerson(deps.db, person.id, { dmChannel: id });
  return id;
}

/** The message okrbot posted for this delivery, looked up by its metadata in recent history. */
async function findPosted(deps: AppDeps, channel: string, deliveryId: number): Promise<string | null> {
  let cursor: string | undefined;
  // The post is recent (minutes to hours): a few pages of the newest messages cover it.
  for (let page = 0; page < 5; page++) {
    const res = await deps.client.conversations.history({ channel, limit: 200, include_all_metadata: true, ...(cursor && { cursor }) });
    for (const m of res.messages ?? []) {
      const meta = m.metadata as { event_type?: string; event_payload?: { delivery?: unknown } } | undefined;
      if (meta?.event_type === DELIVERY_EVENT && Number(meta.event_payload?.delivery) === deliveryId && m.ts) return m.ts;
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) break;
  }
  return null;
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
  for (const d of await listInDoubt(deps.db, deps.clock())) {
    if (!d.channel) {
      // Cut off before the post (the channel is recorded just before it): nothing reached Slack.
      await notPosted(d);
      continue;
    }
    try {
      const channel = await conversationOf(deps, d);
      const ts = await findPosted(deps, channel, d.id);
      if (ts) {
        await markSent(deps.db, d.id, channel, ts, deps.clock());
        deps.metrics.messagesSent.inc({ purpose: d.purpose });
        report.confirmed++;
      } else {
        await notPosted(d);
      }
    } catch (e) {
      report.unresolved++;
      deps.logger.warn('could not reconcile an in-doubt delivery; will try again', { deliveryId: d.id, error: slackErrorCode(e) });
    }
  }
  if (report.confirmed || report.notPosted) deps.logger.info('reconciled in-doubt deliveries', { confirmed: report.confirmed, notPosted: report.notPosted, gaveUp: report.gaveUp.length });
  return report;
}
