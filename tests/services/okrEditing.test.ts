import { describe, expect, it } from 'vitest';
import { addKeyResult, editKeyResult } from '../../src/services/okrEditing.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { listDecisions } from '../../src/store/decisions.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { findOrCreatePerson, updatePerson } from '../../src/store/people.js';
import { ADMIN } from '../helpers/bot.js';
import { makeStack, type Stack } from '../helpers/stack.js';

/** Creating and editing a KR in Slack: one transaction each, on both databases. */

const newKr = (title: string) => ({
  slackUserId: ADMIN,
  objective: 'O1',
  title,
  ownerSlackId: 'U0ANA',
  baseline: 1,
  target: 2,
  unit: 'x',
  measurement: 'a dashboard',
  saveAnyway: true,
});

async function edit(s: Stack, change: Partial<Parameters<typeof editKeyResult>[1]>, key = 'O1-KR1', owner = 'U0ANA') {
  const cycle = (await getActiveCycle(s.deps.db))!;
  const kr = (await getKrInfo(s.deps.db, cycle.id, key))!;
  const base = {
    slackUserId: ADMIN,
    krKey: key,
    title: kr.title,
    ownerSlackId: owner,
    baseline: kr.baseline,
    target: kr.target,
    unit: kr.unit,
    measurement: kr.measurement,
    status: 'active' as const,
    saveAnyway: true,
  };
  return editKeyResult(s.deps, { ...base, ...change });
}

describe('KR editing in Slack', () => {
  it('two new KRs saved at once get two ids, both kept', async () => {
    const s = await makeStack();
    await updatePerson(s.deps.db, (await findOrCreatePerson(s.deps.db, 'ana@example.com')).id, {
      slackUserId: 'U0ANA',
    });
    const [a, b] = await Promise.all([
      addKeyResult(s.deps, newKr('Reach 100 weekly demos from 10')),
      addKeyResult(s.deps, newKr('Reach 50 weekly trials from 5')),
    ]);
    expect([a.status, b.status]).toEqual(['added', 'added']);
    const keys = [a, b].map((r) => (r as { krKey: string }).krKey).sort();
    expect(keys).toEqual(['O1-KR4', 'O1-KR5']);
    const cycle = (await getActiveCycle(s.deps.db))!;
    expect((await getKrInfo(s.deps.db, cycle.id, 'O1-KR4'))!.title).not.toBe(
      (await getKrInfo(s.deps.db, cycle.id, 'O1-KR5'))!.title,
    );
  });

  it('edits of two KRs and a new KR at once do not undo each other (each writes the whole cycle back)', async () => {
    const s = await makeStack();
    for (const [email, id] of [
      ['ana@example.com', 'U0ANA'],
      ['ben@example.com', 'U0BEN'],
    ] as const) {
      await updatePerson(s.deps.db, (await findOrCreatePerson(s.deps.db, email)).id, { slackUserId: id });
    }
    const results = await Promise.all([
      edit(s, { measurement: 'Amplitude › WAU' }),
      edit(s, { measurement: 'Amplitude › week-1 cohort' }, 'O1-KR2', 'U0BEN'),
      addKeyResult(s.deps, newKr('Reach 100 weekly demos from 10')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['saved', 'saved', 'added']);
    const cycle = (await getActiveCycle(s.deps.db))!;
    expect((await getKrInfo(s.deps.db, cycle.id, 'O1-KR1'))!.measurement).toBe('Amplitude › WAU');
    expect((await getKrInfo(s.deps.db, cycle.id, 'O1-KR2'))!.measurement).toBe('Amplitude › week-1 cohort');
    expect((await getKrInfo(s.deps.db, cycle.id, 'O1-KR4'))!.title).toBe('Reach 100 weekly demos from 10');
  });

  it('the decision log names an admin who owns no KR, and says whose the KR was and whose it is', async () => {
    const s = await makeStack();
    for (const [email, id, name] of [
      ['ana@example.com', 'U0ANA', 'Ana'],
      ['ben@example.com', 'U0BEN', 'Ben'],
    ] as const) {
      await updatePerson(s.deps.db, (await findOrCreatePerson(s.deps.db, email)).id, { slackUserId: id, name });
    }
    const r = await edit(s, { ownerSlackId: 'U0BEN', reason: 'Ana moved to Platform' });
    expect(r).toMatchObject({ status: 'saved', changed: ['owner'], logged: true });
    const kr = (await getKrInfo(s.deps.db, (await getActiveCycle(s.deps.db))!.id, 'O1-KR1'))!;
    const [d] = await listDecisions(s.deps.db, kr.id);
    expect(d!.rationale).toBe('Ana moved to Platform (changed: owner Ana → Ben)');
    expect(d!.deciderLabel).toBe(ADMIN); // known by Slack id, no name stored yet: never "unknown"
  });
});
