import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { inWorkspace } from '../../src/db/ops.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { addAdmin } from '../../src/store/admins.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { recordDecision } from '../../src/store/decisions.js';
import { claimDelivery } from '../../src/store/deliveries.js';
import { listKrInfos } from '../../src/store/keyResults.js';
import { recordKrValues } from '../../src/store/krValues.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { savePendingImport } from '../../src/store/pendingImports.js';
import { rememberChart, setSetting } from '../../src/store/settings.js';
import { deleteWorkspaceData, workspaceSizes } from '../../src/store/workspaceData.js';
import { saveInstallation } from '../../src/store/workspaces.js';
import { freshDb, rowsOf } from '../helpers/db.js';

const now = new Date('2027-01-19T10:00:00Z');

/** A workspace with a row in every table a workspace owns. */
async function fill(db: Db): Promise<void> {
  const text = readFileSync('examples/okrs.example.yaml', 'utf8');
  await importOkrs(db, parseOkrText('okrs.yaml', text), { now });
  const cycle = (await getActiveCycle(db))!;
  const [kr] = await listKrInfos(db, { cycleId: cycle.id });
  await recordCheckin(db, { krId: kr!.id, week: 1, confidence: 2, evidence: 'on plan', authorId: kr!.ownerId }, now);
  await recordCheckin(db, { krId: kr!.id, week: 1, confidence: 1, evidence: 'slipping', authorId: kr!.ownerId }, now); // history
  await recordDecision(db, { krId: kr!.id, kind: 'double_down', rationale: 'it works', decidedBy: kr!.ownerId }, now);
  await claimDelivery(
    db,
    {
      purpose: 'checkin',
      subject: `cycle:${cycle.id}/week:1/person:${kr!.ownerId}`,
      cycleId: cycle.id,
      week: 1,
      personId: kr!.ownerId,
      krId: kr!.id,
    },
    now,
  );
  await setSetting(db, 'leadership_channel', 'C0LEAD', 'U0ADMIN', now);
  await rememberChart(db, 'f'.repeat(64), 'F0CHART', now);
  await savePendingImport(db, 'okrs.yaml', text, 'U0ADMIN', now);
  await addAdmin(db, 'U0ANA', 'U0ADMIN', now);
  await recordKrValues(db, [{ krId: kr!.id, value: 5350, error: null, kind: 'http', readAt: now.toISOString() }]);
}

/** Every table but the two that belong to the install, not a workspace: a new table is checked too. */
const GLOBAL = new Set(['processedEvents', 'schedulerLock']);
type Table = Parameters<typeof rowsOf>[1];
const counts = async (db: Db): Promise<Record<string, number>> => {
  const tables = Object.keys(db.t).filter((t) => !GLOBAL.has(t)) as Table[];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, (await rowsOf(db, t)).length] as const)));
};

describe("deleting a workspace's data", () => {
  it('removes every row it owns and nothing of another workspace; a dry run reports the same and changes nothing', async () => {
    const { db: alone } = await freshDb();
    await fill(alone); // workspace 1 on its own: what must remain
    const { db } = await freshDb();
    await fill(db);
    const beta = await saveInstallation(
      db,
      {
        slackTeamId: 'T0BETA',
        enterpriseId: null,
        name: 'Beta',
        botUserId: 'U0BOTB',
        botId: 'B0B',
        botTokenEncrypted: 'sealed',
        scopes: 'chat:write',
        installedBy: 'U0BEN',
      },
      now,
    );
    await fill(inWorkspace(db, beta.id));
    const before = await counts(db);
    const remaining = await counts(alone);
    expect(Object.keys(before).filter((t) => before[t]! <= remaining[t]!)).toEqual([]); // Beta has rows in every table

    const planned = await deleteWorkspaceData(db, beta.id, { dryRun: true });
    expect(await counts(db)).toEqual(before);
    expect((await workspaceSizes(db)).get(beta.id)).toMatchObject({ cycles: 1, people: expect.any(Number) as number });

    const deleted = await deleteWorkspaceData(db, beta.id);
    expect(deleted).toEqual(planned);
    expect(Object.fromEntries(deleted)).toMatchObject({
      workspaces: 1,
      cycles: 1,
      checkin_history: 1,
      admins: 1,
      settings: 1,
    });
    expect(await counts(db)).toEqual(remaining);
    expect((await rowsOf(db, 'workspaces')).map((w) => w.id)).toEqual([1]);
    expect((await workspaceSizes(db)).get(1)).toEqual((await workspaceSizes(alone)).get(1));
  });
});
