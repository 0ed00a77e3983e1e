import { describe, expect, it } from 'vitest';
import { awayFromStatus, awayMarkers, isStatusAway, statusSaysAway } from '../../src/domain/away.js';

const defaults = awayMarkers(null);

describe('away by Slack status', () => {
  it('matches the emoji exactly and words as whole words, any case', () => {
    expect(statusSaysAway({ status_emoji: ':palm_tree:' }, defaults)).toBe(true);
    expect(statusSaysAway({ status_text: 'On VACATION until Monday' }, defaults)).toBe(true);
    expect(statusSaysAway({ status_text: 'OOO' }, defaults)).toBe(true);
    expect(statusSaysAway({ status_text: 'Out of office (parental leave)' }, defaults)).toBe(true);
    // Near misses: a meeting, a word inside another word, Do Not Disturb is not a status.
    expect(statusSaysAway({ status_text: 'In a meeting', status_emoji: ':calendar:' }, defaults)).toBe(false);
    expect(statusSaysAway({ status_text: 'Zooming with goodbye-ooolala' }, defaults)).toBe(false);
    expect(statusSaysAway({ status_text: 'vacations planned for May' }, defaults)).toBe(false);
    expect(statusSaysAway({}, defaults)).toBe(false);
  });

  it('a workspace’s own markers replace the defaults', () => {
    const mine = awayMarkers(':airplane:\non leave');
    expect(mine).toEqual([':airplane:', 'on leave']);
    expect(statusSaysAway({ status_text: 'On leave', status_emoji: '' }, mine)).toBe(true);
    expect(statusSaysAway({ status_emoji: ':palm_tree:' }, mine)).toBe(false);
  });

  it('keeps when it began, honours the expiry, and an expired status is not away', () => {
    const now = new Date('2027-01-08T12:00:00Z');
    const until = Date.parse('2027-01-10T00:00:00Z') / 1000;
    const away = awayFromStatus({ status_emoji: ':palm_tree:', status_expiration: until }, defaults, now, null);
    expect(away).toEqual({ statusAwaySince: now.toISOString(), statusAwayUntil: '2027-01-10T00:00:00.000Z' });
    expect(awayFromStatus({ status_emoji: ':palm_tree:' }, defaults, now, '2027-01-01T00:00:00.000Z')).toEqual({
      statusAwaySince: '2027-01-01T00:00:00.000Z',
      statusAwayUntil: null,
    });
    expect(awayFromStatus({ status_emoji: ':palm_tree:', status_expiration: 1 }, defaults, now, null)).toEqual({
      statusAwaySince: null,
      statusAwayUntil: null,
    });
    expect(isStatusAway(away, new Date('2027-01-09T23:59:00Z'))).toBe(true);
    expect(isStatusAway(away, new Date('2027-01-10T00:00:00Z'))).toBe(false);
  });
});
