import { describe, expect, it } from 'vitest';
import { inWorkspace } from '../../src/db/ops.js';
import { clearStaleRollup, listStaleRollups, markRollupStale } from '../../src/store/settings.js';
import { freshDb } from '../helpers/db.js';

const t1 = new Date('2027-01-13T16:00:00Z');
const t2 = new Date('2027-01-13T16:00:20Z');

describe('roll-ups marked out of date', () => {
  it('one mark per cycle week and workspace; a mark made again during the redraw survives its clearing', async () => {
    const { db } = await freshDb();
    await markRollupStale(db, 1, 2, t1);
    await markRollupStale(db, 1, 2, t1); // a second check-in: still one mark
    expect(await listStaleRollups(inWorkspace(db, 2))).toEqual([]);
    const [mark] = await listStaleRollups(db);
    expect(mark).toEqual({ cycleId: 1, week: 2, markedAt: t1.toISOString() });
    await markRollupStale(db, 1, 2, t2); // a check-in while the tick redraws
    await clearStaleRollup(db, 1, 2, mark!.markedAt);
    expect(await listStaleRollups(db)).toEqual([{ cycleId: 1, week: 2, markedAt: t2.toISOString() }]);
    await clearStaleRollup(db, 1, 2, t2.toISOString());
    expect(await listStaleRollups(db)).toEqual([]);
  });
});
