/**
 * What Slack's client and servers make of what a person types, before okrbot sees it: message and
 * slash-command text arrive with `&`, `<`, `>` escaped as `&amp;`, `&lt;`, `&gt;`, URLs wrapped as
 * `<https://…>`, a domain typed bare as `<http://example.com|example.com>`, and `@channel`,
 * `@here`, `@everyone` as `<!channel>` … (Slack's "Formatting text for app surfaces"; the recorded
 * payloads in java-slack-sdk's json-logs/samples). Modal inputs are not encoded: they arrive raw.
 *
 * Markup already in the typed text (`<@U0ANA>`, `<#C1|general>`, `<https://x|label>`) stands for
 * what the composer's pickers insert (a mention pill, a channel, a link with a label) and is kept.
 */
export function slackEncode(typed: string): string {
  const parts = typed.split(/(<(?:[@#!][^<>]*|https?:\/\/[^<>]*|mailto:[^<>]*)>)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : encodePlain(part))).join('');
}

function encodePlain(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .replace(/(^|[\s(])@(channel|here|everyone)\b/g, '$1<!$2>')
    .replace(/\bhttps?:\/\/[^\s<>]+/g, (url) => `<${url}>`)
    .replace(
      /(^|[\s(])((?:[a-z0-9-]+\.)+(?:com|io|dev|org))(?=$|[\s).,])/gi,
      (_, pre: string, domain: string) => `${pre}<http://${domain}|${domain}>`,
    );
}
