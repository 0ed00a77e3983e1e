/**
 * Fault injection for the crash tests, off unless OKRBOT_CRASH_AT is set: `before-mark:3` kills
 * this process with SIGKILL (no clean-up, like a power cut or an OOM kill) the 3rd time the named
 * point is reached. The points are the moments exactly-once delivery must survive.
 */

const spec = /^([a-z-]+):(\d+)$/.exec(process.env.OKRBOT_CRASH_AT ?? '');
const counts = new Map<string, number>();

export type CrashPoint = 'before-post' | 'before-mark';

export function crashPoint(name: CrashPoint): void {
  if (!spec || spec[1] !== name) return;
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  if (n === Number(spec[2])) process.kill(process.pid, 'SIGKILL');
}
