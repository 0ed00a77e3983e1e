import type { Delivery } from '../db/schema.js';
import { crashPoint } from '../faults.js';
import {
  claimOrRetry,
  findDelivery,
  markFailed,
  markInDoubt,
  markSent,
  setDeliveryChannel,
  TRANSIENT_ERRORS,
  WORKSPACE_UNAVAILABLE,
  type ClaimInput,
} from '../store/deliveries.js';
import { slackErrorCode, type AppDeps } from './deps.js';
import { asWire, partsOf, type OutgoingMessage } from './messageParts.js';
import { definitelyNotPosted, errorOf, withFallback, WORKSPACE_ERRORS } from './slackErrors.js';

export { errorOf, WORKSPACE_ERRORS } from './slackErrors.js';
export { openView, publishHomeView, updateView } from './viewDelivery.js';
import { prepareRecipient } from './people.js';

/**
 * The one way okrbot posts something that must arrive exactly once (check-in DMs, reminders,
 * digests, prompts, summaries, notices):
 *
 *   claim in the database → post, with message metadata naming the claim → mark sent.
 *
 * Slack's answer decides what happens next. A refusal (429, `account_inactive`, …) is definite:
 * nothing was posted, so a transient one is retried later and anything else is final. An outcome
 * okrbot did not see — a timeout, a 5xx, a dropped connection, a crash between claim and mark —
 * is *in doubt*: the claim stays open until `reconcileInDoubt` reads the conversation's history
 * and finds the message by its metadata (then it is marked sent, with its channel and ts, so it
 * can be updated in place) or does not (then it is sent again). Nothing is ever re-sent blindly,
 * which is also why the Web API client itself never retries (see slack/webClient.ts).
 */

export const DELIVERY_EVENT = 'okrbot_delivery';

export type DeliverResult =
  | { status: 'sent'; channel: string; ts: string; delivery: Delivery }
  | { status: 'skipped'; reason?: string }
  /** Definitely not posted, worth trying again later (`cause`: Slack's own code when it differs). */
  | { status: 'retry'; error: string; retryAfterMs?: number; cause?: string }
  /** Definitely not posted, and it never will be (recorded: "could not reach"). */
  | { status: 'failed'; error: string }
  /** Maybe posted: reconciled from Slack on a later tick, never guessed. */
  | { status: 'in_doubt'; error: string };

/** A channel id (in a thread when `threadTs` is set), or a person to DM (resolved once the claim is won). */
export type Target = { channel: string; threadTs?: string } | { personId: number };

export type { OutgoingMessage } from './messageParts.js';

async function failed(deps: AppDeps, row: Delivery, claim: ClaimInput, e: unknown): Promise<DeliverResult> {
  const { code, retryAfterMs } = errorOf(e);
  if (WORKSPACE_ERRORS.includes(code)) {
    // Our token or the workspace is dead, not this recipient: keep the claim open for when it is back.
    await markFailed(deps.db, row.id, WORKSPACE_UNAVAILABLE);
    deps.logger.error('Slack refused okrbot itself; nothing more is sent to this workspace until it is fixed', {
      purpose: claim.purpose,
      error: code,
    });
    return { status: 'retry', error: WORKSPACE_UNAVAILABLE, cause: code };
  }
  await markFailed(deps.db, row.id, code);
  deps.metrics.messagesFailed.inc({ purpose: claim.purpose, error: code });
  if (TRANSIENT_ERRORS.includes(code)) {
    deps.logger.warn('delivery will be retried', { purpose: claim.purpose, error: code, attempt: row.attempts });
    return { status: 'retry', error: code, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  deps.logger.warn('delivery failed', { purpose: claim.purpose, error: code });
  return { status: 'failed', error: code };
}

/**
 * Posts a message exactly once (rendered only once the claim is won) and records where it went.
 */
export async function postOnce(
  deps: AppDeps,
  claim: ClaimInput,
  target: Target,
  render: () => OutgoingMessage | Promise<OutgoingMessage>,
): Promise<DeliverResult> {
  const row = await claimOrRetry(deps.db, claim, deps.clock());
  if (!row) return { status: 'skipped' };
  return postClaimed(deps, row, claim, target, render);
}

/** Records a posted delivery as sent: at once, or through a bulk send's batch of marks. */
export interface SentMarker {
  mark(id: number, channel: string, ts: string, at: Date): Promise<void>;
}

/**
 * The post half of postOnce, for a claim already won (a bulk send claims a batch in one
 * transaction). `marker` batches the mark: until its batch is written the claim stays open, so a
 * crash in between leaves it in doubt — reconciled from Slack like any post whose answer was lost.
 */
export async function postClaimed(
  deps: AppDeps,
  row: Delivery,
  claim: ClaimInput,
  target: Target,
  render: () => OutgoingMessage | Promise<OutgoingMessage>,
  marker?: SentMarker,
): Promise<DeliverResult> {
  let channel: string;
  let message: OutgoingMessage;
  let rest: OutgoingMessage[];
  try {
    // Posting to the user id opens (or reuses) the DM; Slack answers with the D… channel.
    channel = 'channel' in target ? target.channel : (await prepareRecipient(deps, target.personId)).slackUserId!;
    [message, ...rest] = partsOf(await render()) as [OutgoingMessage, ...OutgoingMessage[]];
  } catch (e) {
    return failed(deps, row, claim, e); // nothing was posted yet
  }
  if (row.channel !== channel) await setDeliveryChannel(deps.db, row.id, channel);
  crashPoint('before-post');
  let posted: { channel?: string; ts?: string };
  try {
    posted = await withFallback(message, (m) =>
      deps.client.chat.postMessage({
        channel,
        ...('threadTs' in target && target.threadTs && { thread_ts: target.threadTs }),
        text: m.text,
        ...(m.blocks && { blocks: asWire(m.blocks) }),
        metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery: row.id } },
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
  } catch (e) {
    if (definitelyNotPosted(e)) return failed(deps, row, claim, e);
    const code = slackErrorCode(e);
    await markInDoubt(deps.db, row.id, code);
    deps.metrics.messagesFailed.inc({ purpose: claim.purpose, error: `in_doubt:${code}` });
    deps.logger.warn('delivery outcome unknown; will reconcile from Slack', {
      purpose: claim.purpose,
      deliveryId: row.id,
      error: code,
    });
    return { status: 'in_doubt', error: code };
  }
  crashPoint('before-mark');
  if (marker) await marker.mark(row.id, posted.channel!, posted.ts!, deps.clock());
  else await markSent(deps.db, row.id, posted.channel!, posted.ts!, deps.clock());
  deps.metrics.messagesSent.inc({ purpose: claim.purpose });
  await postContinuations(deps, claim, { channel: posted.channel!, ts: posted.ts! }, rest);
  if (message.upgrade) upgradeLater(deps, { channel: posted.channel!, ts: posted.ts! }, message.upgrade);
  return { status: 'sent', channel: posted.channel!, ts: posted.ts!, delivery: row };
}

/** What each posted message last showed (a counter per channel/ts): a late upgrade never overwrites newer content. */
const shown = new Map<string, number>();
const showing = (where: { channel: string; ts: string }) => {
  const key = `${where.channel}/${where.ts}`;
  const n = (shown.get(key) ?? 0) + 1;
  if (shown.size > 10_000) shown.clear();
  shown.set(key, n);
  return () => shown.get(key) === n;
};

/**
 * Puts a chart in a posted message once Slack has processed its file (chat.update), unless the
 * message changed since. In memory: after a restart the next redraw brings the (then ready) chart.
 */
function upgradeLater(
  deps: AppDeps,
  where: { channel: string; ts: string },
  upgrade: NonNullable<OutgoingMessage['upgrade']>,
): void {
  const stillCurrent = showing(where);
  void (async () => {
    if (!(await upgrade.ready()))
      return deps.logger.warn('a chart was never ready in Slack; the message stays without it', {
        channel: where.channel,
      });
    if (!stillCurrent()) return;
    const m = upgrade.message;
    await withFallback(m, (x) => deps.client.chat.update({ ...where, text: x.text, blocks: asWire(x.blocks ?? []) }));
  })().catch((e: unknown) =>
    deps.logger.warn('could not add a chart to a posted message', { error: slackErrorCode(e) }),
  );
}

/** Claims of the messages that carry on a long message in its thread (`part:2`, `part:3`, …). */
const continuation = (claim: ClaimInput, n: number): ClaimInput => ({
  ...claim,
  purpose: `${claim.purpose}${MORE}`,
  subject: `${claim.subject}/part:${n}`,
});
const MORE = ':more';

/** Posts parts `first`, `first + 1`, … of a long message in its thread. */
async function postContinuations(
  deps: AppDeps,
  claim: ClaimInput,
  parent: { channel: string; ts: string },
  parts: OutgoingMessage[],
  first = 2,
): Promise<void> {
  for (const [i, part] of parts.entries()) {
    const r = await postOnce(
      deps,
      continuation(claim, first + i),
      { channel: parent.channel, threadTs: parent.ts },
      () => part,
    );
    if (r.status !== 'sent' && r.status !== 'skipped')
      deps.logger.warn('could not post the rest of a long message', {
        purpose: claim.purpose,
        part: first + i,
        error: r.error,
      });
  }
}

/**
 * Updates in place a message posted through postOnce (a digest after a late check-in, a prompt
 * after a decision, a DM after an answer). Nothing to do when it was never posted; a failed update
 * is logged, never fatal: the stored answer is what counts.
 */
export async function updatePosted(
  deps: AppDeps,
  purpose: string,
  subject: string,
  render: () => OutgoingMessage | null | Promise<OutgoingMessage | null>,
): Promise<void> {
  const posted = await findDelivery(deps.db, purpose, subject);
  if (posted?.state !== 'sent' || !posted.channel || !posted.ts) return;
  const rendered = await render();
  if (!rendered) return;
  const [message, ...rest] = partsOf(rendered) as [OutgoingMessage, ...OutgoingMessage[]];
  const { channel, ts } = posted;
  const update = async (where: { channel: string; ts: string; id: number }, m: OutgoingMessage) => {
    if (m.upgrade) upgradeLater(deps, where, m.upgrade);
    else showing(where);
    try {
      await withFallback(m, (x) =>
        deps.client.chat.update({
          channel: where.channel,
          ts: where.ts,
          text: x.text,
          blocks: asWire(x.blocks ?? []),
        }),
      );
    } catch (e) {
      deps.logger.warn('could not update a posted message', {
        purpose,
        deliveryId: where.id,
        error: slackErrorCode(e),
      });
    }
  };
  await update({ channel, ts, id: posted.id }, message);
  // The thread follows: parts updated in place, new ones posted, ones no longer needed emptied.
  const claim = {
    purpose,
    subject,
    cycleId: posted.cycleId,
    week: posted.week,
    personId: posted.personId,
    teamId: posted.teamId,
    krId: posted.krId,
  };
  for (let n = 2; ; n++) {
    const part = rest[n - 2];
    const more = continuation(claim, n);
    const was = await findDelivery(deps.db, more.purpose, more.subject);
    if (!part && was?.state !== 'sent') break;
    if (was?.state === 'sent' && was.channel && was.ts)
      await update(
        { channel: was.channel, ts: was.ts, id: was.id },
        part ?? { text: '(nothing more: the message above holds it all)' },
      );
    else if (part) await postContinuations(deps, claim, { channel, ts }, [part], n);
  }
}
