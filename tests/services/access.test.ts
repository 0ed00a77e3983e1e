import { describe, expect, it } from 'vitest';
import { actorFor, isMemberOf, mayActOn, mayActOnKr } from '../../src/services/access.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { findOrCreatePerson, updatePerson } from '../../src/store/people.js';
import { ADMIN } from '../helpers/bot.js';
import { makeStack } from '../helpers/stack.js';

/** The one access policy: admin, KR owner, team member. */

describe('access', () => {
  it('owner or admin acts on a KR; a team member proposes; anyone else neither', async () => {
    const s = await makeStack();
    for (const [email, id] of [
      ['ana@example.com', 'U0ANA'],
      ['ben@example.com', 'U0BEN'],
      ['eli@example.com', 'U0ELI'],
    ] as const) {
      await updatePerson(s.deps.db, (await findOrCreatePerson(s.deps.db, email)).id, { slackUserId: id });
    }
    const cycle = (await getActiveCycle(s.deps.db))!;
    const kr = (await getKrInfo(s.deps.db, cycle.id, 'O1-KR2'))!; // Ben's, in Discovery (with Ana)
    const who = async (id: string) => actorFor(s.deps, id, cycle.id);
    const [ben, ana, eli, admin, stranger] = await Promise.all(
      ['U0BEN', 'U0ANA', 'U0ELI', ADMIN, 'U0MALLORY'].map(who),
    );
    expect([ben, ana, eli, admin, stranger].map((a) => mayActOnKr(a!, kr))).toEqual([true, false, false, true, false]);
    expect([ben, ana, eli, admin, stranger].map((a) => isMemberOf(a!, kr.teamId))).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(await mayActOn(s.deps, 'U0BEN', kr)).toBe(true);
    expect(await mayActOn(s.deps, 'U0ANA', kr)).toBe(false);
  });
});
