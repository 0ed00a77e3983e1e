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
    const summary = await fanOut([1], async () => ({ status: 'retry', error: 'internal_error' }) as DeliverResult, { gate: new RateGate(0), concurrency: 1, retries: 2 });
    expect(summary).toMatchObject({ sent: 0, deferred: [{ error: 'internal_error' }] });
  });

  it('never retries an in-doubt send itself: it is left for reconciliation', async () => {
    let calls = 0;
    const summary = await fanOut([7], async () => (calls++, { status: 'in_doubt', error: 'request_timeout' }) as DeliverResult, { gate: new RateGate(0), concurrency: 1, describe: (n) => ({ item: n }) });
    expect(calls).toBe(1);
    expect(summary).toMatchObject({ sent: 0, inDoubt: [{ item: 7, error: 'request_timeout' }] });
  });

  it('records final failures and carries on with the others', async () => {
    const summary = await fanOut([1, 2, 3], async (n) => (n === 2 ? ({ status: 'failed', error: 'channel_not_found' } as DeliverResult) : sent), { gate: new RateGate(0), concurrency: 3 });
    expect(summary).toMatchObject({ sent: 2, failed: [{ error: 'channel_not_found' }] });
  });

  it('stops at a refusal of okrbot itself (dead token): the rest stay due, none is tried', async () => {
    const tried: number[] = [];
    const refused = { status: 'retry', error: 'workspace_unavailable', cause: 'token_revoked' } as DeliverResult;
    const summary = await fanOut([1, 2, 3, 4], async (n) => (tried.push(n), n === 2 ? refused : sent), { gate: new RateGate(0), concurrency: 1, describe: (n) => ({ n }) });
    expect(tried).toEqual([1, 2]);
    expect(summary).toMatchObject({ sent: 1, failed: [], stopped: 'token_revoked', deferred: [{ n: 2 }, { n: 3 }, { n: 4 }] });
  });
});
