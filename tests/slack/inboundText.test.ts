import { describe, expect, it } from 'vitest';
import { decodeSlackText, mentionedUsers } from '../../src/slack/inboundText.js';
import { slackEncode } from '../slackComposer.js';

describe('decodeSlackText', () => {
  const names = (id: string) => ({ U1: 'Ana' })[id];
  it.each([
    ['R&amp;D &lt;30% &gt; 20%', 'R&D <30% > 20%'],
    ['&amp;lt; typed literally', '&lt; typed literally'],
    ['see <https://dash.example.com/x?a=1&amp;b=2>', 'see https://dash.example.com/x?a=1&b=2'],
    ['see <https://dash.example.com/x|the dashboard>', 'see the dashboard (https://dash.example.com/x)'],
    ['<http://example.com|example.com> and <http://example.com/|example.com/>', 'example.com and example.com/'],
    ['<mailto:ana@example.com|ana@example.com>', 'ana@example.com'],
    ['ask <@U1> or <@U2> or <@U3|chloe>', 'ask @Ana or @U2 or @chloe'],
    ['in <#C1|okr-discovery> and <#C2>', 'in #okr-discovery and #C2'],
    [
      '<!channel> <!here> <!everyone> <!subteam^S1|@devs> <!date^1392734382^{date}|Feb 18, 2014>',
      '@channel @here @everyone @devs Feb 18, 2014',
    ],
  ])('%s → %s', (wire, meant) => {
    expect(decodeSlackText(wire, names)).toBe(meant);
  });
  it('undoes what the Slack composer does to typed text', () => {
    for (const typed of [
      'R&D <30% see https://dash.example.com/x?a=1&b=2',
      'a < b && c > d',
      '&amp; typed',
      'see example.com now',
    ]) {
      expect(decodeSlackText(slackEncode(typed))).toBe(typed);
    }
  });
  it('lists unlabelled mentions to look up', () => {
    expect(mentionedUsers('<@U1> <@U2|x> <@U1> <@W3>')).toEqual(['U1', 'W3']);
  });
});
