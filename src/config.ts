import { DEFAULT_DATABASE_PATH } from './cli/context.js';
import { z } from 'zod';

/** Bulk messages per second per workspace (weekly DMs, reminders), unless OKRBOT_SEND_RATE says otherwise. */
export const DEFAULT_SEND_RATE = 5;
import { parseTokenKey } from './services/tokenVault.js';

/**
 * The one place that reads the environment. Every problem is reported at once,
 * one line per variable, so a misconfigured deploy fails fast and says why.
 */

/** An OKR_ADMINS entry: a Slack user id, or `T…:U…` (that user, in that workspace only). */
const adminEntry = /^(T[A-Z0-9]{2,}:)?[UW][A-Z0-9]{2,}$/;
const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

const baseShape = {
  DATABASE_PATH: z.string().min(1, 'must not be empty').default(DEFAULT_DATABASE_PATH),
  /** Set: PostgreSQL (the hosted service, many replicas); unset: the SQLite file at DATABASE_PATH. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/./, 'must be a PostgreSQL URL such as postgres://okrbot:secret@db:5432/okrbot')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(logLevels, { message: `must be one of ${logLevels.join(', ')}` }).default('info'),
  OKR_ADMINS: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const ids = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = ids.filter((id) => !adminEntry.test(id));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `not Slack user ids: ${bad.join(', ')} (expected e.g. U012AB3CD, or T012AB3CD:U012AB3CD)`,
        });
        return z.NEVER;
      }
      return ids;
    }),
};

const slackShape = {
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
    .optional(),
  /** OAuth (a distributed app, installed by any workspace): all three, or none. */
  SLACK_CLIENT_ID: z.string().optional(),
  SLACK_CLIENT_SECRET: z.string().optional(),
  SLACK_STATE_SECRET: z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
  /** Seals the bot tokens of OAuth installs at rest (32 bytes, base64 or hex). */
  OKRBOT_TOKEN_KEY: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: z.url({ message: 'must be a URL such as https://slack.com/api/' }).optional(),
  OKRBOT_SLACK_TIMEOUT_MS: z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(100, 'must be at least 100')
    .max(60_000, 'must be at most 60000')
    .default(10_000),
  OKRBOT_SCHEDULER: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  OKRBOT_CHARTS: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  // Slack's guidance for chat.postMessage: ~1 per second per channel and a few hundred per minute
  // per workspace; every DM is its own channel, so the workspace's budget binds: 5/s = 300 a minute.
  OKRBOT_SEND_RATE: z.coerce
    .number({ message: 'must be a number (messages per second)' })
    .min(0, 'must be 0 or more')
    .default(DEFAULT_SEND_RATE),
  OKRBOT_SEND_CONCURRENCY: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .default(8),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
  /** MCP over HTTP at /mcp: `token=U…` entries (`token=T…:U…` with OAuth), each token acting as that person. */
  OKRBOT_MCP_TOKENS: z
    .string()
    .regex(
      /^\s*[^=,\s]{24,}=(T[A-Z0-9]{2,}:)?[UW][A-Z0-9]{2,}\s*(,\s*[^=,\s]{24,}=(T[A-Z0-9]{2,}:)?[UW][A-Z0-9]{2,}\s*)*$/,
      'must be comma-separated <token>=<Slack user id> entries, each token 24+ random characters (T…:U… with OAuth installs)',
    )
    .optional(),
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be 0–65535')
    .max(65535, 'must be 0–65535')
    .default(3000),
};

const baseSchema = z.object(baseShape);
const slackSchema = z.object({ ...baseShape, ...slackShape });

/** Rules across variables, checked even when single variables are wrong so all problems show at once. */
function slackModeProblems(env: Env): string[] {
  // HTTP mode needs the signing secret to verify requests; Socket Mode does not.
  const http =
    !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET
      ? ['SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)']
      : [];
  const distributed =
    isDistributed(env) && env.SLACK_APP_TOKEN
      ? [
          'SLACK_APP_TOKEN: a distributed install (SLACK_CLIENT_ID…) serves Slack over HTTP; unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET',
        ]
      : [];
  return [...http, ...distributed, ...tokenProblems(env), ...adminScopeProblems(env)];
}

/**
 * Hosted (OAuth, many workspaces): an admin of one workspace must be nobody in another, and a bare
 * user id does not say which workspace it belongs to.
 */
function adminScopeProblems(env: Env): string[] {
  if (!isDistributed(env)) return [];
  const bare = (env.OKR_ADMINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((id) => /^[UW]/.test(id));
  const bareMcp = (env.OKRBOT_MCP_TOKENS ?? '').split(',').filter((e) => /=[UW]/.test(e)).length;
  const mcp = bareMcp
    ? ['OKRBOT_MCP_TOKENS: with OAuth installs each token names its workspace: <token>=T012AB3CD:U012AB3CD']
    : [];
  return bare.length
    ? [
        ...mcp,
        `OKR_ADMINS: with OAuth installs each admin names its workspace, as T012AB3CD:U012AB3CD (not: ${bare.join(', ')}); whoever installs okrbot in a workspace is its admin already`,
      ]
    : mcp;
}

const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** OAuth installs many workspaces, each with its own token; otherwise one workspace, SLACK_BOT_TOKEN's. */
export function isDistributed(env: { SLACK_CLIENT_ID?: string | undefined }): boolean {
  return Boolean(env.SLACK_CLIENT_ID);
}

function tokenProblems(env: Env): string[] {
  const oauthSet = OAUTH_VARIABLES.filter((k) => env[k]);
  if (oauthSet.length === 0) return env.SLACK_BOT_TOKEN ? [] : ['SLACK_BOT_TOKEN is required (the bot token, xoxb-…)'];
  const problems = OAUTH_VARIABLES.filter((k) => !env[k]).map(
    (k) => `${k} is required with ${oauthSet.join(', ')} (OAuth needs all three)`,
  );
  if (env.SLACK_BOT_TOKEN)
    problems.push(
      'SLACK_BOT_TOKEN: a distributed install gets each workspace’s token when it installs; unset SLACK_BOT_TOKEN (or the SLACK_CLIENT_… variables for a single workspace)',
    );
  if (!env.OKRBOT_TOKEN_KEY)
    problems.push(
      'OKRBOT_TOKEN_KEY is required with OAuth: 32 random bytes that seal the bot tokens at rest (openssl rand -base64 32)',
    );
  else {
    try {
      parseTokenKey(env.OKRBOT_TOKEN_KEY);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return problems;
}

export type BaseConfig = z.infer<typeof baseSchema>;
export type SlackConfig = z.infer<typeof slackSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parseWith<S extends z.ZodType>(
  schema: S,
  env: Env,
  crossChecks: (env: Env) => string[] = () => [],
): z.infer<S> {
  // Treat empty strings as unset, as shells and .env files commonly produce them.
  const cleaned: Env = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const result = schema.safeParse(cleaned);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`)),
    ...crossChecks(cleaned),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** Config for commands that never talk to Slack (import, export, lint, digest --print, demo). */
export function loadBaseConfig(env: Env = process.env): BaseConfig {
  return parseWith(baseSchema, env);
}

/** Config for the running bot. */
export function loadSlackConfig(env: Env = process.env): SlackConfig {
  return parseWith(slackSchema, env, slackModeProblems);
}

/** Config for commands that only call the Web API (`okrbot run`): the bot token, no receiver secrets. */
export function loadWebApiConfig(env: Env = process.env): SlackConfig {
  return parseWith(slackSchema, env, tokenProblems);
}

/** This process's secret values, for the logger to mask wherever they would appear. */
export function secretsOf(config: Partial<SlackConfig>): Array<string | undefined> {
  return [
    config.SLACK_BOT_TOKEN,
    config.SLACK_APP_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_CLIENT_SECRET,
    config.SLACK_STATE_SECRET,
    config.OKRBOT_TOKEN_KEY,
    config.METRICS_TOKEN,
    ...(config.OKRBOT_MCP_TOKENS ?? '').split(',').map((e) => e.split('=')[0]?.trim()),
    config.DATABASE_URL ? passwordOf(config.DATABASE_URL) : undefined,
  ];
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
