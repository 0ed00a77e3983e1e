import type { LogLevel as SlackLogLevel, Logger as SlackLogger } from '@slack/bolt';
import {
  destination as fileDestination,
  pino,
  stdTimeFunctions,
  type DestinationStream,
  type Logger as Pino,
} from 'pino';
import type { LogLevel } from './config.js';

/**
 * The one logger: pino, JSON lines on stderr. Callers pass a short message and structured fields;
 * never tokens or message text at info level (user text belongs at debug, if anywhere).
 *
 * Secrets never leave it, in three layers: pino's `redact` blanks fields named as secrets wherever
 * they sit in the usual shapes; every string (message, field, error message, nested value) has
 * Slack token shapes masked; and the process's own secrets (signing secret, client and state
 * secrets, token key, bot and app tokens), given at creation, are masked wherever they appear.
 */

export type Fields = Record<string, unknown>;
export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
  level: LogLevel;
}

/** Field names that hold secrets, at the top level and one or two objects down. */
const SECRET_FIELDS = [
  'token',
  'botToken',
  'bot_token',
  'appToken',
  'access_token',
  'refresh_token',
  'client_secret',
  'clientSecret',
  'signingSecret',
  'stateSecret',
  'tokenKey',
  'password',
  'authorization',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'OKRBOT_TOKEN_KEY',
  'METRICS_TOKEN',
];
const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]).concat([
  'headers.cookie',
  '*.headers.cookie',
]);

const TOKEN_SHAPE = /\b(xox[abpre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)/g;

/** Masks Slack token shapes and the given secret values in a string. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_SHAPE, (m) => `${m.slice(0, 5)}…redacted`);
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}

/** Every string in a value masked; errors as name, message, code (and Slack's error code). */
function scrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (value instanceof Error) {
    const coded = value as Error & { code?: unknown; data?: { error?: unknown } };
    return {
      name: value.name,
      message: redact(value.message, secrets),
      ...(coded.code !== undefined && { code: coded.code }),
      ...(typeof coded.data?.error === 'string' && { slackError: coded.data.error }),
    };
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets, depth + 1));
  if (value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets, depth + 1)]));
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go (tests); default stderr, written synchronously so nothing is lost at exit. */
  write?: (line: string) => void;
  base?: Fields;
  /** This process's secret values, masked wherever they would appear. */
  secrets?: Array<string | undefined>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const write = options.write;
  const destination: DestinationStream = write
    ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : fileDestination({ dest: 2, sync: true });
  const root = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => scrub(fields, secrets) as Record<string, unknown>,
      },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
  return wrap(options.base ? root.child(scrub(options.base, secrets) as Fields) : root, secrets);
}

function wrap(p: Pino, secrets: readonly string[]): Logger {
  const emit = (level: LogLevel) => (msg: string, fields?: Fields) => {
    if (p.isLevelEnabled(level)) p[level](fields ?? {}, redact(msg, secrets));
  };
  return {
    get level() {
      return p.level as LogLevel;
    },
    set level(l: LogLevel) {
      p.level = l;
    },
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => wrap(p.child(scrub(fields, secrets) as Fields), secrets),
  };
}

/**
 * Bolt's lines that okrbot says better itself: a request from a workspace it does not serve is
 * reported once per workspace (slack/notServed.ts), not on every request.
 */
const SAID_BY_OKRBOT = [/^Authorization of incoming event did not succeed/];

/** Bolt and the Web API log through ours, under `component`. */
export function toSlackLogger(logger: Logger, component = 'bolt'): SlackLogger {
  const child = logger.child({ component });
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  const say =
    (level: LogLevel) =>
    (...m: unknown[]) => {
      const line = text(m);
      if (!SAID_BY_OKRBOT.some((r) => r.test(line))) child[level](line);
    };
  return {
    debug: say('debug'),
    info: say('info'),
    warn: say('warn'),
    error: say('error'),
    setLevel: () => {},
    getLevel: () => logger.level as SlackLogLevel,
    setName: () => {},
  };
}
