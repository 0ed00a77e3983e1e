/**
 * Text as Slack sends it → what the person meant. The one decoder for every inbound text path
 * (DM check-ins and their edits, `/okr` text with should_escape on): Slack's "Formatting text for
 * app surfaces" page says message and command text arrive with `&`, `<`, `>` as `&amp;`, `&lt;`,
 * `&gt;` and with links, mentions and channels as `<…>` markup. Modal inputs arrive raw and are
 * stored as they are, so after this a DM check-in and the same words in the modal store the same text.
 *
 * - `<https://x|label>` → `label (https://x)`, `<https://x>` → `https://x`, `<mailto:a@b|a@b>` → `a@b`:
 *   a URL stays a URL, which Slack links again when we show it in mrkdwn.
 * - `<@U123>` → `@Ana` (the name from `names`, else the id): shown as the person, never a ping.
 * - `<#C123|general>` → `#general`; `<!channel>`, `<!here>`, `<!everyone>` → `@channel` …;
 *   `<!subteam^S1|@devs>` → `@devs`; `<!date^…|fallback>` → fallback. Escaped on the way out,
 *   none of them notifies anyone.
 */

const MARKUP = /<([^<>]*)>/g;

export type NameOf = (slackUserId: string) => string | undefined;

/** Decodes the three HTML entities Slack escapes (and only those: `&amp;lt;` is `&lt;` typed). */
export function unescapeSlack(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>'));
}

function decodeLink(target: string, label: string | undefined): string {
  const url = unescapeSlack(target);
  const shown = label === undefined ? undefined : unescapeSlack(label);
  if (url.startsWith('mailto:')) return shown ?? url.slice('mailto:'.length);
  if (!shown) return url;
  // Slack links what looks like a domain: `example.com` typed arrives as <http://example.com|example.com>.
  const bare = url.replace(/^https?:\/\//, '').replace(/\/$/, '');
  if (shown === url || shown === bare || shown.replace(/\/$/, '') === bare) return shown;
  return `${shown} (${url})`;
}

function decodeSpecial(body: string, label: string | undefined): string {
  const shown = label === undefined ? undefined : unescapeSlack(label);
  const [command] = body.split('^');
  if (command === 'channel' || command === 'here' || command === 'everyone') return `@${command}`;
  if (command === 'subteam') return shown ? (shown.startsWith('@') ? shown : `@${shown}`) : '@group';
  return shown ?? `@${command}`; // <!date^…|fallback> and anything newer: its fallback text
}

function decodeMarkup(inner: string, names: NameOf): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = (label ? unescapeSlack(label) : undefined) ?? names(id);
    return `@${name ?? id}`;
  }
  if (target.startsWith('#')) return `#${label ? unescapeSlack(label) : target.slice(1)}`;
  if (target.startsWith('!')) return decodeSpecial(target.slice(1), label);
  return decodeLink(target, label);
}

/** Decodes Slack's escaped text. Pure: mention names come from `names` (default: none known). */
export function decodeSlackText(text: string, names: NameOf = () => undefined): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARKUP)) {
    out += unescapeSlack(text.slice(last, m.index)) + decodeMarkup(m[1]!, names);
    last = m.index + m[0].length;
  }
  return out + unescapeSlack(text.slice(last));
}

/** The user ids mentioned as `<@U…>` without a label: the ones whose names must be looked up. */
export function mentionedUsers(text: string): string[] {
  return [...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)>/g)].map((m) => m[1]!))];
}
