import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { docToCsv, docToYaml, exportDoc } from '../../src/store/okrExport.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { ADMIN, okrReply, startHarness, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/** `/okr link`: work linked to KR ids, shown by /okr show and counted in the digest; files carry it. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const linksOf = async (key: string) => {
  const kr = (await rowsOf(h.db, 'keyResults')).find((k) => k.key === key)!;
  return (await rowsOf(h.db, 'initiatives')).filter((i) => i.krId === kr.id).map((i) => [i.url, i.title]);
};

describe('/okr link', () => {
  it('links one piece of work to several KRs, once, and shows it', async () => {
    await okrReply(h, 'U0ANA', 'mine'); // Ana, known by email, linked on first contact
    const r = await okrReply(
      h,
      'U0ANA',
      'link O1-KR2,O2-KR1 <https://jira.example.com/browse/DISC-40|DISC-40> Onboarding checklist epic',
    );
    expect(r.body.text).toBe(
      '🔗 Linked *Onboarding checklist epic* (https://jira.example.com/browse/DISC-40) to O1-KR2, O2-KR1.',
    );
    expect(await linksOf('O1-KR2')).toEqual([['https://jira.example.com/browse/DISC-40', 'Onboarding checklist epic']]);
    expect(await linksOf('O2-KR1')).toEqual([['https://jira.example.com/browse/DISC-40', 'Onboarding checklist epic']]);
    expect((await okrReply(h, 'U0ANA', 'link O1-KR2 https://jira.example.com/browse/DISC-40')).body.text).toContain(
      '(Already linked to O1-KR2.)',
    );
    expect(await linksOf('O1-KR2')).toHaveLength(1);
    const shown = JSON.stringify((await okrReply(h, 'U0ANA', 'show O1-KR2')).body.blocks);
    expect(shown).toContain('*Linked work*');
    expect(shown).toContain('<https://jira.example.com/browse/DISC-40|Onboarding checklist epic>');
  });

  it('refuses links it cannot make, and links nothing then', async () => {
    const before = await rowsOf(h.db, 'initiatives');
    expect((await okrReply(h, 'U0MALLORY', 'link O1-KR2 https://x.example.com/1')).body.text).toContain(
      "Only members of O1-KR2's team",
    );
    expect((await okrReply(h, 'U0ANA', 'link O1-KR2,O3-KR1 https://x.example.com/2')).body.text).toContain(
      "Only members of O3-KR1's team",
    );
    expect((await okrReply(h, 'U0ANA', 'link O1-KR2 jira/DISC-1')).body.text).toContain(
      '"jira/DISC-1" is not a web link',
    );
    expect((await okrReply(h, ADMIN, 'link O9-KR9 https://x.example.com/3')).body.text).toContain(
      'No key result O9-KR9',
    );
    expect(await rowsOf(h.db, 'initiatives')).toEqual(before);
  });

  it('counts linked work on at-risk KRs in the digest, and round-trips through YAML and CSV', async () => {
    await okrReply(h, ADMIN, 'link O1-KR3 https://docs.example.com/prd/onboarding Onboarding PRD');
    const kr = (await rowsOf(h.db, 'keyResults')).find((k) => k.key === 'O1-KR3')!;
    await recordCheckin(h.db, { krId: kr.id, week: 3, confidence: 1, evidence: 'slipping', authorId: null });
    expect(JSON.stringify((await okrReply(h, ADMIN, 'digest Discovery')).body.blocks)).toMatch(/O1-KR3.*🔗 1 linked/);
    const cycle = (await getActiveCycle(h.db))!;
    const doc = await exportDoc(h.db, cycle);
    for (const [name, text] of [
      ['okrs.yaml', docToYaml(doc)],
      ['okrs.csv', docToCsv(doc)],
    ] as const) {
      expect(text).toContain('https://docs.example.com/prd/onboarding');
      const again = await importOkrs(h.db, parseOkrText(name, text), { dryRun: true });
      expect([name, again.changes.filter((c) => c.action !== 'note')]).toEqual([name, []]);
    }
  });
});
