import type { Cycle, Delivery } from '../db/schema.js';
import type { KrInfo } from '../domain/types.js';
import { claimBatch, markSentBatch, releaseClaims, type BatchClaim, type SentMark } from '../store/deliveryBatches.js';
import { IN_DOUBT_AFTER_MS, type ClaimInput } from '../store/deliveries.js';
import type { CheckinMessageItem } from '../views/checkinMessage.js';
import { postClaimed, type SentMarker } from './delivery.js';
import type { AppDeps } from './deps.js';
import {
  ALREADY_ANSWERED,
  checkinClaim,
  checkinDmMessage,
  checkinItemsOf,
  NOTHING_TO_ASK,
  sendCheckinDm,
  type CheckinDmOptions,
  type SendResult,
} from './weeklyDm.js';

/**
 * The weekly fan-out's DMs a batch at a time: each batch's items read in three queries and its
 * claims written in one transaction, each post's mark written with the batch's in one more — instead
 * of five reads and three commits per DM. The rules are sendCheckinDm's (an owner whose KRs are all
 * answered is recorded as skipped, never asked); a DM whose batch was not prepared, or that is
 * tried again after a 429, goes the one-by-one way. Claims of a batch the run did not reach (it was
 * stopped) are given back at `finish`, so the next run sends them at once.
 */

export interface DmAsk {
  personId: number;
  week: number;
}

type Ticket =
  | { kind: 'claimed'; row: Delivery; claim: ClaimInput; items: CheckinMessageItem[] }
  | { kind: 'done'; result: SendResult };

/**
 * How long a prepared claim may wait for its post (a 429's pause) before it is given back and taken
 * afresh: well under the age at which a claim counts as in doubt (IN_DOUBT_AFTER_MS), so nothing
 * ever reconciles a claim whose post is still to come.
 */
const HELD_AT_MOST_MS = IN_DOUBT_AFTER_MS / 4;

const keyOf = (a: Pick<DmAsk, 'personId' | 'week'>) => `${a.personId}/${a.week}`;

export class WeeklyDmBatch {
  private readonly tickets = new Map<string, Ticket>();
  private readonly marks: SentMarks;

  constructor(
    private readonly deps: AppDeps,
    private readonly cycle: Cycle,
    private readonly krsOf: (personId: number) => KrInfo[],
  ) {
    this.marks = new SentMarks(deps);
  }

  /** Reads and claims a batch (never throws: on a failure its DMs go the one-by-one way). */
  async readAndClaim(asks: DmAsk[]): Promise<void> {
    try {
      const items = await checkinItemsOf(
        this.deps.db,
        this.cycle,
        asks.map((a) => ({ week: a.week, krs: this.krsOf(a.personId) })),
      );
      const planned: Array<{ ask: DmAsk; claim: ClaimInput; items: CheckinMessageItem[]; write: BatchClaim }> = [];
      asks.forEach((ask, i) => {
        const mine = items[i]!;
        if (mine.length === 0) return this.tickets.set(keyOf(ask), { kind: 'done', result: NOTHING_TO_ASK });
        const claim = checkinClaim(this.cycle, ask.personId, ask.week);
        // Already answered this week (from /okr checkin or the Home tab): asking would be spam.
        const write = mine.every((x) => x.current) ? { skip: claim, reason: ALREADY_ANSWERED } : { claim };
        planned.push({ ask, claim, items: mine, write });
      });
      const rows = await claimBatch(
        this.deps.db,
        planned.map((p) => p.write),
        this.deps.clock(),
      );
      planned.forEach((p, i) => {
        const row = rows[i];
        this.tickets.set(
          keyOf(p.ask),
          row
            ? { kind: 'claimed', row, claim: p.claim, items: p.items }
            : { kind: 'done', result: { status: 'skipped' } },
        );
      });
    } catch (e) {
      this.deps.logger.warn('could not prepare a batch of weekly DMs; sending them one by one', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  /** Sends one owner's DM: from its prepared batch, or the one-by-one way. */
  async send(ask: DmAsk, options: CheckinDmOptions): Promise<SendResult> {
    const ticket = this.tickets.get(keyOf(ask));
    this.tickets.delete(keyOf(ask));
    if (ticket?.kind === 'done') return ticket.result;
    if (ticket && this.deps.clock().getTime() - Date.parse(ticket.row.claimedAt) > HELD_AT_MOST_MS)
      await releaseClaims(this.deps.db, [ticket.row.id]); // held through a long pause: claimed afresh below
    else if (ticket) return this.post(ask, ticket, options);
    return sendCheckinDm(this.deps, this.cycle, ask.personId, ask.week, options);
  }

  private post(ask: DmAsk, ticket: Extract<Ticket, { kind: 'claimed' }>, options: CheckinDmOptions) {
    const { row, claim, items } = ticket;
    const render = () => checkinDmMessage(this.deps, this.cycle, ask.personId, ask.week, items, options);
    return postClaimed(this.deps, row, claim, { personId: ask.personId }, render, this.marks);
  }

  /** Writes the marks still waiting and gives back the claims never posted. */
  async finish(): Promise<void> {
    await this.marks.flush();
    const unposted = [...this.tickets.values()].flatMap((t) => (t.kind === 'claimed' ? [t.row.id] : []));
    this.tickets.clear();
    await releaseClaims(this.deps.db, unposted);
  }
}

/**
 * Marks written a batch at a time: when BATCH are waiting, or MAX_WAIT_MS after the first. Small on
 * purpose: a DM posted but not yet marked is in doubt after a crash and costs a history read to
 * settle (once a minute for a distributed app), so a kill -9 leaves at most BATCH of them besides
 * the posts in flight.
 */
class SentMarks implements SentMarker {
  static readonly BATCH = 16;
  static readonly MAX_WAIT_MS = 10;
  private waiting: SentMark[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: Pick<AppDeps, 'db' | 'logger'>) {}

  mark(id: number, channel: string, ts: string, at: Date): Promise<void> {
    this.waiting.push({ id, channel, ts, at });
    if (this.waiting.length >= SentMarks.BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), SentMarks.MAX_WAIT_MS);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    // One write at a time, in order; a failed one leaves its claims open: in doubt, reconciled from Slack.
    this.writing = this.writing.then(() =>
      markSentBatch(this.deps.db, batch).catch((e: unknown) =>
        this.deps.logger.error('could not record sent DMs; they will be reconciled from Slack', {
          count: batch.length,
          error: e instanceof Error ? e.message : String(e),
        }),
      ),
    );
    return this.writing;
  }
}
