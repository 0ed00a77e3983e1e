import { unescapeSlack } from './inboundText.js';

/** Channels, people and links as Slack sends them in command text (escaping on), or typed bare. */

/** Slack sends channels as <#C123|name> when escaping is on; accept that, C123 or #name-less ids. */
export function parseChannel(raw: string): string | null {
  const escaped = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(raw);
  if (escaped) return escaped[1]!;
  if (/^#?[CG][A-Z0-9]{2,}$/.test(raw)) return raw.replace(/^#/, '');
  return null;
}

/** Slack sends people as <@U123|name> when escaping is on; accept that, or a bare user id. */
export function parseUser(raw: string): string | null {
  const escaped = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(raw);
  if (escaped) return escaped[1]!;
  return /^[UW][A-Z0-9]{2,}$/.test(raw) ? raw : null;
}

/** A web link as typed, or as Slack sends it with escaping on: <https://…> or <https://…|label>. */
export function parseLink(raw: string | undefined): { url: string; label?: string } | null {
  if (!raw) return null;
  const m = /^<(https?:\/\/[^|>\s]+)(?:\|([^>]*))?>$/.exec(raw) ?? /^(https?:\/\/[^\s<>]+)$/.exec(raw);
  if (!m) return null;
  const url = unescapeSlack(m[1]!);
  if (url.length > 2000) return null;
  return { url, ...(m[2] && { label: unescapeSlack(m[2]) }) };
}
