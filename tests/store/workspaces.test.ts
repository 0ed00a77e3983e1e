import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inWorkspace } from '../../src/db/ops.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { buildTeamDigest } from '../../src/services/digest.js';
import { openToken, parseTokenKey, sealToken } from '../../src/services/tokenVault.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { claimDelivery, findDelivery } from '../../src/store/deliveries.js';
import { getKrInfo, listKrInfos } from '../../src/store/keyResults.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { attachSlackId, findPersonByOwner, getPerson, getPersonBySlackId } from '../../src/store/people.js';
import { getSetting, setSetting } from '../../src/store/settings.js';
import { getTeam, getTeamByName, listTeams } from '../../src/store/teams.js';
import {
  listInstalledWorkspaces,
  markUninstalled,
  saveInstallation,
  workspaceByTeam,
} from '../../src/store/workspaces.js';
import { freshDb, rowsOf } from '../helpers/db.js';

const now = new Date('2027-01-19T10:00:00Z');
const example = () => parseOkrText('okrs.yaml', readFileSync('examples/okrs.example.yaml', 'utf8'));
const key = parseTokenKey(Buffer.alloc(32, 7).toString('base64'));

/** Two workspaces with the same OKRs (O1-KR1 in both) and the same Slack user ids, on one database. */
async function twoWorkspaces() {
  const { db } = await freshDb();
  const acme = await saveInstallation(
    db,
    {
      slackTeamId: 'T0ACME',
      enterpriseId: null,
      name: 'Acme',
      botUserId: 'U0BOTA',
      botId: 'B0A',
      botTokenEncrypted: sealToken('xoxb-acme', key),
      scopes: 'chat:write',
      installedBy: 'U0ANA',
    },
    now,
  );
  const a = inWorkspace(db, 1);
  const b = inWorkspace(db, acme.id);
  await importOkrs(a, example(), { now });
  await importOkrs(b, example(), { now });
  return { db, a, b, acme };
}

describe('workspaces in one database', () => {
  it('each see only their own cycle, teams, KRs and people, though names and ids collide', async () => {
    const { a, b } = await twoWorkspaces();
    const [cycleA, cycleB] = [(await getActiveCycle(a))!, (await getActiveCycle(b))!];
    expect(cycleA.name).toBe(cycleB.name); // one active cycle per workspace, same name
    expect(cycleA.id).not.toBe(cycleB.id);
    const [krA, krB] = [(await getKrInfo(a, cycleA.id, 'O1-KR1'))!, (await getKrInfo(b, cycleB.id, 'O1-KR1'))!];
    expect(krA.id).not.toBe(krB.id);
    expect(await getKrInfo(a, cycleB.id, 'O1-KR1')).toBeUndefined(); // B's cycle id is nothing to A
    const [anaA, anaB] = [
      (await findPersonByOwner(a, 'ana@example.com'))!,
      (await findPersonByOwner(b, 'ana@example.com'))!,
    ];
    await attachSlackId(a, anaA.id, 'U0ANA');
    await attachSlackId(b, anaB.id, 'U0ANA'); // the same Slack user id in both (Enterprise Grid, or a test)
    expect((await getPersonBySlackId(a, 'U0ANA'))!.id).toBe(anaA.id);
    expect((await getPersonBySlackId(b, 'U0ANA'))!.id).toBe(anaB.id);
    expect(anaA.id).not.toBe(anaB.id);
    expect(await getPerson(a, anaB.id)).toBeUndefined();
    const teamB = (await getTeamByName(b, 'Discovery'))!;
    expect(await getTeam(a, teamB.id)).toBeUndefined();
    expect((await listTeams(a)).map((t) => t.id)).not.toContain(teamB.id);
    expect(
      (await listKrInfos(a, { cycleId: cycleA.id })).every((k) => k.ownerId === null || k.ownerId !== anaB.id),
    ).toBe(true);
  });

  it('keep check-ins, digests, settings and deliveries apart', async () => {
    const { a, b } = await twoWorkspaces();
    const cycleA = (await getActiveCycle(a))!;
    const cycleB = (await getActiveCycle(b))!;
    const krA = (await getKrInfo(a, cycleA.id, 'O1-KR1'))!;
    await recordCheckin(a, { krId: krA.id, week: 3, confidence: 0, evidence: 'Acme-only news', authorId: null }, now);
    const digestB = await buildTeamDigest(b, cycleB, (await getTeamByName(b, 'Discovery'))!, 3);
    expect(JSON.stringify(digestB)).not.toContain('Acme-only news');
    const digestA = await buildTeamDigest(a, cycleA, (await getTeamByName(a, 'Discovery'))!, 3);
    expect(JSON.stringify(digestA)).toContain('Acme-only news');

    await setSetting(a, 'leadership_channel', 'C0LEADA', 'U0ADMIN', now);
    expect(await getSetting(b, 'leadership_channel')).toBeNull();
    await setSetting(b, 'leadership_channel', 'C0LEADB', 'U0ADMIN', now);
    expect(await getSetting(a, 'leadership_channel')).toBe('C0LEADA');

    // The same claim in two workspaces is two claims; in one it stays one.
    const claim = { purpose: 'admin-alert', subject: 'not-in-channel/admin:U0ADMIN' };
    expect(await claimDelivery(a, claim, now)).not.toBeNull();
    expect(await claimDelivery(b, claim, now)).not.toBeNull();
    expect(await claimDelivery(a, claim, now)).toBeNull();
    expect((await findDelivery(b, claim.purpose, claim.subject))!.workspaceId).toBe(b.workspaceId);
  });

  it('store installs with the token sealed, renew them on reinstall, and forget the token on uninstall', async () => {
    const { db, acme } = await twoWorkspaces();
    expect(acme.botTokenEncrypted).not.toContain('xoxb');
    expect(openToken(acme.botTokenEncrypted!, key)).toBe('xoxb-acme');
    const again = await saveInstallation(
      db,
      {
        slackTeamId: 'T0ACME',
        enterpriseId: null,
        name: 'Acme Inc',
        botUserId: 'U0BOTA',
        botId: 'B0A',
        botTokenEncrypted: sealToken('xoxb-acme-2', key),
        scopes: 'chat:write,files:write',
        installedBy: 'U0BEN',
      },
      now,
    );
    expect(again.id).toBe(acme.id);
    expect(openToken(again.botTokenEncrypted!, key)).toBe('xoxb-acme-2');
    expect((await listInstalledWorkspaces(db)).map((w) => w.slackTeamId)).toEqual([null, 'T0ACME']);
    expect(await markUninstalled(db, 'T0ACME', now)).toBe(true);
    expect(await markUninstalled(db, 'T0ACME', now)).toBe(false);
    expect((await workspaceByTeam(db, 'T0ACME'))!.botTokenEncrypted).toBeNull();
    expect((await listInstalledWorkspaces(db)).map((w) => w.id)).toEqual([1]);
    expect((await rowsOf(db, 'cycles')).length).toBe(2); // their OKRs stay until deleted on request
  });

  it('refuse a token sealed under another key', () => {
    const sealed = sealToken('xoxb-secret', key);
    expect(() => openToken(sealed, parseTokenKey('ab'.repeat(32)))).toThrow(/does not open with OKRBOT_TOKEN_KEY/);
    expect(() => parseTokenKey('short')).toThrow(/32 bytes/);
  });
});
