import { describe, expect, it } from 'vitest';
import { inWorkspace } from '../../src/db/ops.js';
import { addAdmin, isListedAdmin, listAdmins, removeAdmin } from '../../src/store/admins.js';
import { freshDb, rowsOf } from '../helpers/db.js';

const now = new Date('2027-01-19T10:00:00Z');

describe('admins added in Slack', () => {
  it('are kept per workspace: an admin of one is nobody in another', async () => {
    const { db } = await freshDb();
    const other = inWorkspace(db, 2);
    expect(await addAdmin(db, 'U0ANA', 'U0ADMIN', now)).toBe(true);
    expect(await addAdmin(db, 'U0ANA', 'U0BEN', now)).toBe(false); // once
    expect(await isListedAdmin(db, 'U0ANA')).toBe(true);
    expect(await isListedAdmin(other, 'U0ANA')).toBe(false);
    expect(await listAdmins(other)).toEqual([]);
    expect(await removeAdmin(other, 'U0ANA', 1)).toBe('not-listed');
    expect(await listAdmins(db)).toEqual([{ slackUserId: 'U0ANA', addedBy: 'U0ADMIN', addedAt: now.toISOString() }]);
  });

  it('never lose the last admin, even when two remove each other at once', async () => {
    const { db } = await freshDb();
    await addAdmin(db, 'U0ANA', 'U0ADMIN', now);
    expect(await removeAdmin(db, 'U0ANA', 0)).toBe('last'); // nobody else: refused
    expect(await removeAdmin(db, 'U0ANA', 1)).toBe('removed'); // OKR_ADMINS or the installer remain
    await addAdmin(db, 'U0ANA', 'U0ADMIN', now);
    await addAdmin(db, 'U0BEN', 'U0ADMIN', now);
    const outcomes = await Promise.all([removeAdmin(db, 'U0ANA', 0), removeAdmin(db, 'U0BEN', 0)]);
    expect(outcomes.sort()).toEqual(['last', 'removed']);
    expect(await rowsOf(db, 'admins')).toHaveLength(1);
  });
});
