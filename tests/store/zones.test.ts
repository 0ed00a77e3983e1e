import { describe, expect, it } from 'vitest';
import { zoneFor } from '../../src/domain/time.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { ownerZone, zoneOf } from '../../src/services/people.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { listActiveOwners } from '../../src/store/owners.js';
import { findPersonByOwner } from '../../src/store/people.js';
import { freshDb } from '../helpers/db.js';

// Xu owns a stopped KR in Tokyo's team (the older KR) and an active one in Chicago's.
const YAML = `
cycle: { name: 2027-Q1, start: 2027-01-04, end: 2027-04-04 }
teams:
  - name: Tokyo
    timezone: Asia/Tokyo
    objectives:
      - id: O1
        title: Make onboarding effortless for new teams
        key_results:
          - { id: O1-KR1, title: "Raise activation from 30% to 45%", owner: xu@example.com, baseline: 30, target: 45, status: stopped }
  - name: Chicago
    timezone: America/Chicago
    objectives:
      - id: O2
        title: Make releases boring
        key_results:
          - { id: O2-KR1, title: "Reduce change failure rate from 18% to 8%", owner: xu@example.com, baseline: 18, target: 8 }
`;

describe("an owner's zone: one rule", () => {
  it('prefers their own valid zone, then their first team, then UTC', () => {
    expect(zoneFor('Asia/Kolkata', ['Europe/Berlin'])).toBe('Asia/Kolkata');
    expect(zoneFor('Mars/Olympus', ['Europe/Berlin'])).toBe('Europe/Berlin');
    expect(zoneFor(null, [])).toBe('UTC');
  });

  it('gives the scheduler and every command the same zone for someone Slack has not told us about', async () => {
    const { db } = await freshDb();
    await importOkrs(db, parseOkrText('okrs.yaml', YAML), { now: new Date('2027-01-05T00:00:00Z') });
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    const xu = (await findPersonByOwner(db, 'xu@example.com'))!;
    const [owner] = await listActiveOwners(db, cycle.id);
    expect(ownerZone(owner!)).toBe('America/Chicago');
    expect(await zoneOf(db, xu, cycle.id)).toBe('America/Chicago');
  });
});
