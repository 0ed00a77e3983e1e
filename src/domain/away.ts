/**
 * Away by Slack status: an owner whose status says they are away (an emoji or a word the workspace
 * chooses; by default 🌴, "vacation", "OOO", "out of office") is treated as out of office for as long
 * as the status lasts (its expiration, or until it changes). Slack's Do Not Disturb is not enough:
 * it is a quiet hour, not an absence. Pure.
 */

export const DEFAULT_AWAY_MARKERS = [':palm_tree:', 'vacation', 'ooo', 'out of office'] as const;
export const MAX_AWAY_MARKERS = 10;

export interface SlackStatus {
  status_text?: string;
  status_emoji?: string;
  /** Unix seconds; 0 or absent: no expiry. */
  status_expiration?: number;
}

/** A workspace's markers from its setting (one per line or comma-separated), or the defaults. */
export function awayMarkers(setting: string | null | undefined): string[] {
  const list = (setting ?? '')
    .split(/[\n,]/)
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  return list.length ? list : [...DEFAULT_AWAY_MARKERS];
}

/** An emoji marker (`:palm_tree:`) matches the status emoji; a word matches the status text as a whole word. */
export function statusSaysAway(status: SlackStatus, markers: readonly string[]): boolean {
  const emoji = (status.status_emoji ?? '').toLowerCase();
  const text = (status.status_text ?? '').toLowerCase();
  return markers.some((m) => {
    if (/^:[^:\s]+:$/.test(m)) return emoji === m || text.includes(m);
    const escaped = m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
  });
}

/** What to store for a status seen at `now`: away since/until (ISO instants), or both null. */
export function awayFromStatus(
  status: SlackStatus,
  markers: readonly string[],
  now: Date,
  awaySince: string | null,
): { statusAwaySince: string | null; statusAwayUntil: string | null } {
  const expires = status.status_expiration ? status.status_expiration * 1000 : null;
  if (!statusSaysAway(status, markers) || (expires !== null && expires <= now.getTime()))
    return { statusAwaySince: null, statusAwayUntil: null };
  return {
    statusAwaySince: awaySince ?? now.toISOString(),
    statusAwayUntil: expires === null ? null : new Date(expires).toISOString(),
  };
}

/** Whether a person is away by their Slack status at an instant (the expiry honoured). */
export function isStatusAway(
  p: { statusAwaySince: string | null; statusAwayUntil: string | null },
  now: Date | number,
): boolean {
  const t = typeof now === 'number' ? now : now.getTime();
  if (!p.statusAwaySince || Date.parse(p.statusAwaySince) > t) return false;
  return p.statusAwayUntil === null || t < Date.parse(p.statusAwayUntil);
}
