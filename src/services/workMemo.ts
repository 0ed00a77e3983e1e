/**
 * Reads shared within one piece of work — a check-in's after-effects redraw the owner's DM, their
 * App Home and the team's digest from the same state — computed once each, by key.
 */
export type WorkMemo = Map<string, Promise<unknown>>;

/** `make()` once per key in `memo` (every time without one). */
export function memoized<T>(memo: WorkMemo | undefined, key: string, make: () => Promise<T>): Promise<T> {
  if (!memo) return make();
  let made = memo.get(key) as Promise<T> | undefined;
  if (!made) memo.set(key, (made = make()));
  return made;
}
