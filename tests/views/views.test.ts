import { describe, expect, it } from 'vitest';
import { selectDigest } from '../../src/domain/digest.js';
import type { CheckinInfo, KrInfo } from '../../src/domain/types.js';
import { escapeMrkdwn, linesToSections, safeText } from '../../src/views/blocks.js';
import { renderCheckinMessage } from '../../src/views/checkinMessage.js';
import { renderCheckinModal } from '../../src/views/checkinModal.js';
import { renderDigestBlocks } from '../../src/views/digestBlocks.js';
import { renderHome } from '../../src/views/home.js';
import { renderMine, renderShow } from '../../src/views/krViews.js';
import { truncate } from '../../src/views/text.js';
import { renderCycleSummary, renderGradeRequest } from '../../src/views/grading.js';
import { renderMidcyclePrompt } from '../../src/views/midcycle.js';
import { validateBlocks, validateView } from '../fakeSlack.js';

const LONG = 'x'.repeat(3000);
function kr(i: number, extra: Partial<KrInfo> = {}): KrInfo {
  return {
    id: i,
    key: `O${Math.ceil(i / 4)}-KR${((i - 1) % 4) + 1}`,
    title: `Increase thing ${i} from 1,000 to 2,000 <!channel> ${'long '.repeat(60)}`,
    objectiveKey: `O${Math.ceil(i / 4)}`,
    objectiveTitle: `Objective ${Math.ceil(i / 4)} ${'words '.repeat(80)}`,
    teamId: 1,
    ownerId: 1,
    ownerLabel: 'Ana <@U1>',
    status: 'active',
    baseline: 1000,
    target: 2000,
    unit: 'users',
    currentValue: 1500,
    grade: null,
    stoppedAt: null,
    learning: null,
    measurement: null,
    source: null,
    ...extra,
  };
}
const checkin = (krId: number, week: number, confidence: 0 | 1 | 2): CheckinInfo => ({
  krId,
  week,
  confidence,
  evidence: `${LONG}<>&`,
  risks: LONG,
  nextAction: LONG,
  value: 1,
});

describe('the top-level text notifications show', () => {
  it('escapes team and cycle names there too, so a name like <!here> never pings', () => {
    const hostile = { teamName: '<!here> & co', cycleName: '<@U0BOSS> Q1' };
    const texts = [
      renderMidcyclePrompt({ ...hostile, items: [], others: { onTrack: 0, noCheckin: 0 } }).text,
      renderCycleSummary({ ...hostile, objectives: [], decisions: [] }).text,
      renderGradeRequest(hostile.cycleName, []).text,
      renderMine(hostile.cycleName, 1, []).text,
      renderDigestBlocks({ ...hostile, week: 1, weekRange: 'x' }, selectDigest({ week: 1, krs: [], checkins: [] }))
        .text,
    ];
    for (const t of texts) {
      expect(t).not.toMatch(/<[!@]/);
    }
    expect(texts[0]).toContain('&lt;!here&gt; &amp; co');
  });
});

describe('truncation', () => {
  it('never splits an emoji (a surrogate pair) at the cut', () => {
    const text = `${'a'.repeat(8)}😀😀😀`;
    for (let max = 9; max <= 13; max++) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone surrogate
    }
    expect(truncate(text, 10)).toBe(`${'a'.repeat(8)}…`);
    expect(truncate(text, 11)).toBe(`${'a'.repeat(8)}😀…`);
  });
});

describe('escaping', () => {
  it('escapes &, < and > and never splits an entity when truncating', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    const cut = safeText('<'.repeat(100), 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/^(&lt;)+…$/);
  });

  it('packs lines into sections within 3000 characters and a block budget', () => {
    const blocks = linesToSections(
      Array.from({ length: 500 }, (_, i) => `line ${i} ${'y'.repeat(100)}`),
      5,
    );
    expect(blocks).toHaveLength(5);
    expect(validateBlocks(blocks, 5)).toEqual([]);
    expect(JSON.stringify(blocks.at(-1))).toMatch(/…and \d+ more/);
  });
});

describe('Block Kit limits hold for extreme data', () => {
  const krs = Array.from({ length: 120 }, (_, i) => kr(i + 1));
  const items = krs.map((k) => ({
    kr: k,
    previous: checkin(k.id, 2, 1),
    current: k.id % 2 ? checkin(k.id, 3, 0) : null,
  }));

  it('check-in message: every page within 50 blocks', () => {
    for (let page = 0; page < 6; page++) {
      const m = renderCheckinMessage({
        cycleName: 'Q'.repeat(200),
        week: 3,
        weekRange: 'Jan 18 – Jan 24, 2027',
        items,
        page,
      });
      expect(validateBlocks(m.blocks, 50)).toEqual([]);
    }
  });

  it('modal with 3000-character text everywhere', () => {
    const view = renderCheckinModal({
      kr: kr(1, { title: LONG, unit: 'u'.repeat(40) }),
      week: 3,
      weekRange: 'x',
      confidence: 1,
      previous: checkin(1, 2, 1),
      current: checkin(1, 3, 2),
      meta: { krId: 1, week: 3 },
    });
    expect(validateView(view)).toEqual([]);
  });

  it('home: 120 KRs truncated within 100 blocks with a "more" line', () => {
    const digest = selectDigest({ week: 3, krs, checkins: items.flatMap((i) => (i.current ? [i.current] : [])) });
    const view = renderHome({
      cycleName: 'Q1',
      week: 3,
      weekRange: 'x',
      items: krs.map((k) => ({ kr: k, trend: [1, 0, 2], latest: null, checkedInThisWeek: false })),
      teams: Array.from({ length: 30 }, (_, i) => ({ name: `T${i}`, digest })),
      oooUntil: null,
    });
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('more key results — `/okr mine` lists them all');
  });

  it('digest: 120 at-risk KRs within 50 blocks, with a pointer to the rest', () => {
    const digest = selectDigest({ week: 3, krs, checkins: krs.map((k) => checkin(k.id, 3, (k.id % 2) as 0 | 1)) });
    const m = renderDigestBlocks({ teamName: 'Team <b>', cycleName: 'Q1', week: 3, weekRange: 'x' }, digest);
    expect(validateBlocks(m.blocks, 50)).toEqual([]);
    expect(JSON.stringify(m.blocks)).toContain('more at risk');
    expect(JSON.stringify(m.blocks)).not.toContain('<!channel>');
  });

  it('mine and show within 50 blocks', () => {
    const mine = renderMine(
      'Q1',
      3,
      krs.map((k) => ({ kr: k, trend: [2, 1, 0], latest: checkin(k.id, 3, 0) })),
    );
    expect(validateBlocks(mine.blocks, 50)).toEqual([]);
    const show = renderShow({
      kr: kr(1),
      cycleName: 'Q1',
      weeks: 13,
      checkins: Array.from({ length: 13 }, (_, w) => checkin(1, w + 1, 1)),
      decisions: Array.from({ length: 20 }, (_, i) => ({
        id: i,
        krId: 1,
        kind: 'pivot' as const,
        status: 'confirmed' as const,
        proposedBy: null,
        rationale: LONG,
        newTitle: null,
        newTarget: null,
        decidedBy: 1,
        decidedAt: '2027-02-15T10:00:00Z',
        snapshot: '{}',
        deciderLabel: 'Ana',
      })),
    });
    expect(validateBlocks(show.blocks, 50)).toEqual([]);
  });
});
