import type { LogLevel as SlackLogLevel, Logger as SlackLogger } from '@slack/bolt';
import type { LogLevel } from './config.js';

/**
 * The one logger: JSON lines on stderr. Callers pass a short message and structured fields; never
 * tokens or message text at info level (user text belongs at debug, if anywhere).
 */

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Fields = Record<string, unknown>;
export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
  level: LogLevel;
}

/** Token-looking strings are masked wherever they appear. */
const SECRET = /\b(xox[abpre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)/g;
export function redact(text: string): string {
  return text.replace(SECRET, (m) => `${m.slice(0, 5)}…redacted`);
}

function serialise(value: unknown): unknown {
  if (value instanceof Error)
    return {
      name: value.name,
      message: redact(value.message),
      ...('code' in value ? { code: (value as { code: unknown }).code } : {}),
    };
  return value;
}

export function createLogger(
  options: { level?: LogLevel; write?: (line: string) => void; base?: Fields } = {},
): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.base ?? {};
  const logger: Logger = {
    level: options.level ?? 'info',
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => {
      const child = createLogger({ level: logger.level, write, base: { ...base, ...fields } });
      return child;
    },
  };
  function emit(level: LogLevel, msg: string, fields?: Fields) {
    if (ORDER[level] < ORDER[logger.level]) return;
    const entry: Fields = { time: new Date().toISOString(), level, msg: redact(msg), ...base };
    for (const [k, v] of Object.entries(fields ?? {})) entry[k] = serialise(v);
    write(JSON.stringify(entry));
  }
  return logger;
}

/** Bolt and the Web API log through ours, under `component`. */
export function toSlackLogger(logger: Logger, component = 'bolt'): SlackLogger {
  const child = logger.child({ component });
  const text = (parts: unknown[]) =>
    redact(
      parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' '),
    );
  return {
    debug: (...m: unknown[]) => child.debug(text(m)),
    info: (...m: unknown[]) => child.info(text(m)),
    warn: (...m: unknown[]) => child.warn(text(m)),
    error: (...m: unknown[]) => child.error(text(m)),
    setLevel: () => {},
    getLevel: () => logger.level as SlackLogLevel,
    setName: () => {},
  };
}
