import { describe, expect, it } from 'vitest';
import { fanOut, RateGate } from '../../src/scheduler/fanout.js';
import type { DeliverResult } from '../../src/services/delivery.js';

const sent = { status: 'sent', channel: 'D1', ts: '1', delivery: {} } as unknown as DeliverResult;

describe('fan-out', () => {
  it('retries a rate-limited item until it goes through, and learns the allowed rate', async () => {
    const gate = new RateGate(0);
    const seen: number[] = [];
    let limited = 0;
    const summary = await fanOut(
      [1, 2, 3, 4],
      async (n) => {
        seen.push(n);
        if (n === 2 && limited++ < 2) return { status: 'retry', error: 'ratelimited', retryAfterMs: 10 };
        return sent;
      },
      { gate, concurrency: 2 },
    );
    expect(summary).toMatchObject({ sent: 4, rateLimited: 2, deferred: [], inDoubt: [], failed: [] });
    expect(seen.filter((n) => n === 2)).toHaveLength(3);
    expect(gate.rate).toBeGreaterThan(0); // it paces itself after the first 429
  });

  it('gives up on other transient errors after a few tries, leaving them for the next tick', async () => {
    const summary = await fanOut([1], async () => ({ status: 'retry', error: 'internal_error' }) as DeliverResult, {
      gate: new RateGate(0),
      concurrency: 1,
      retries: 2,
    });
    expect(summary).toMatchObject({ sent: 0, deferred: [{ error: 'internal_error' }] });
  });

  it('never retries an in-doubt send itself: it is left for reconciliation', async () => {
    let calls = 0;
    const summary = await fanOut(
      [7],
      async () => (calls++, { status: 'in_doubt', error: 'request_timeout' }) as DeliverResult,
      { gate: new RateGate(0), concurrency: 1, describe: (n) => ({ item: n }) },
    );
    expect(calls).toBe(1);
    expect(summary).toMatchObject({ sent: 0, inDoubt: [{ item: 7, error: 'request_timeout' }] });
  });

  it('records final failures and carries on with the others', async () => {
    const summary = await fanOut(
      [1, 2, 3],
      async (n) => (n === 2 ? ({ status: 'failed', error: 'channel_not_found' } as DeliverResult) : sent),
      { gate: new RateGate(0), concurrency: 3 },
    );
    expect(summary).toMatchObject({ sent: 2, failed: [{ error: 'channel_not_found' }] });
  });

  it('stops at a refusal of okrbot itself (dead token): the rest stay due, none is tried', async () => {
    const tried: number[] = [];
    const refused = { status: 'retry', error: 'workspace_unavailable', cause: 'token_revoked' } as DeliverResult;
    const summary = await fanOut([1, 2, 3, 4], async (n) => (tried.push(n), n === 2 ? refused : sent), {
      gate: new RateGate(0),
      concurrency: 1,
      describe: (n) => ({ n }),
    });
    expect(tried).toEqual([1, 2]);
    expect(summary).toMatchObject({
      sent: 1,
      failed: [],
      stopped: 'token_revoked',
      deferred: [{ n: 2 }, { n: 3 }, { n: 4 }],
    });
  });

  it('learns Slack’s rate from one 429 (what got through, over that time plus the 1 s burst) and probes up only after a quiet minute', () => {
    let t = 0;
    const gate = new RateGate(5, () => t);
    // Sending at 5/s into a 3/s bucket that starts with 3 tokens: sends at 0, 0.2, … 1.0 s pass, 1.2 s is refused.
    for (let i = 0; i < 6; i++) {
      t = i * 200;
      gate.succeeded();
    }
    t = 1200;
    gate.rateLimited(1000);
    expect(gate.rate).toBeCloseTo(0.95 * 3, 5); // 6 through by 1.0 s, plus the 1 s burst: 3/s, paced at 95 %
    gate.rateLimited(1000); // another in-flight request saw the same 429: nothing more learned
    expect(gate.rate).toBeCloseTo(2.85, 5);
    t += 59_000;
    void gate.wait(); // probes: not yet
    expect(gate.rate).toBeCloseTo(2.85, 5);
    t += 2_000;
    void gate.wait();
    expect(gate.rate).toBeCloseTo(2.85 * 1.05, 5);
  });

  it('prepares the next items a batch at a time before their work, each once (a retried item is not prepared again)', async () => {
    const batches: number[][] = [];
    const order: string[] = [];
    let limited = false;
    const summary = await fanOut(
      [1, 2, 3, 4, 5, 6, 7],
      async (n) => {
        order.push(`work ${n}`);
        if (n === 3 && !limited) return ((limited = true), { status: 'retry', error: 'ratelimited', retryAfterMs: 1 });
        return sent;
      },
      {
        gate: new RateGate(0),
        concurrency: 2,
        prepare: { ahead: 3, run: async (items) => void (batches.push(items), order.push(`prepare ${items}`)) },
      },
    );
    expect(summary).toMatchObject({ sent: 7, rateLimited: 1 });
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    for (const n of [1, 4, 7])
      expect(order.indexOf(`work ${n}`)).toBeGreaterThan(
        order.findIndex((o) => o.includes(`${n}`) && o.startsWith('prepare')),
      );
  });

  it('prepares one item at a time when paced slowly (little is claimed ahead of its turn) and survives a failed preparation', async () => {
    const batches: number[][] = [];
    const summary = await fanOut([1, 2, 3], async () => sent, {
      gate: new RateGate(1000), // 1,000/s: ~100 ms is 100 items, capped by `ahead`
      concurrency: 1,
      prepare: { ahead: 2, run: async (items) => void batches.push(items) },
    });
    expect(batches).toEqual([[1, 2], [3]]);
    expect(summary.sent).toBe(3);
    const slow: number[][] = [];
    await fanOut([1, 2], async () => sent, {
      gate: new RateGate(5), // 5/s: one at a time
      concurrency: 1,
      prepare: { ahead: 32, run: async (items) => void slow.push(items) },
    });
    expect(slow).toEqual([[1], [2]]);
    const failing = await fanOut([1, 2], async () => sent, {
      gate: new RateGate(0),
      concurrency: 1,
      prepare: { ahead: 2, run: () => Promise.reject(new Error('disk full')) },
    });
    expect(failing.sent).toBe(2); // the work does it all itself
  });
});
