import { AsyncLocalStorage } from 'node:async_hooks';
import type { WebClient } from '@slack/web-api';
import { inWorkspace } from '../db/ops.js';
import type { Workspace } from '../db/schema.js';
import { isInstalled, listInstalledWorkspaces, markUninstalled, workspaceByTeam } from '../store/workspaces.js';
import { configuredAdmins } from './admins.js';
import type { AppDeps } from './deps.js';
import { openToken, TokenKeyError } from './tokenVault.js';

/**
 * Which workspace a request or a job serves, and the deps for it: the database scoped to that
 * workspace (every store call then reads and writes only its rows), a Web API client with its bot
 * token, its admins. One workspace (SLACK_BOT_TOKEN, row 1) or many (OAuth installs).
 */
export interface Tenancy {
  /** The deps for a request from this Slack team, or null when okrbot does not serve it. */
  forTeam(teamId: string | undefined): Promise<AppDeps | null>;
  /** The deps of every workspace the scheduler serves, oldest first. */
  all(): Promise<AppDeps[]>;
  /** Drops what is cached for a team (its token changed, or it uninstalled). */
  forget(teamId: string): void;
  /** Installed workspaces, and those okrbot cannot serve (what /readyz reports). */
  status(): Promise<TenancyStatus>;
}

export interface TenancyStatus {
  installed: number;
  /** Installed, but their stored bot token does not open with this process's OKRBOT_TOKEN_KEY. */
  unreadable: Array<{ teamId: string; name: string | null }>;
}

export function singleWorkspace(base: AppDeps): Tenancy {
  return {
    forTeam: async () => base,
    all: async () => [base],
    forget: () => {},
    status: async () => ({ installed: 1, unreadable: [] }),
  };
}

/**
 * OAuth installs. Admins of a workspace are OKR_ADMINS entries for its team plus whoever installed
 * okrbot there (`base.admins` is empty: an admin of one workspace is nobody in another).
 * Clients are made once per workspace and token.
 */
export function distributedWorkspaces(
  base: AppDeps,
  key: Buffer,
  clientFor: (token: string) => WebClient,
  adminEntries: readonly string[] = [],
): Tenancy {
  // By team: the sealed token the deps were made with (a new install seals a new one).
  const cache = new Map<string, { sealed: string; deps: AppDeps }>();
  const depsFor = (ws: Workspace): AppDeps | null => {
    if (!isInstalled(ws)) return null;
    const cached = ws.slackTeamId ? cache.get(ws.slackTeamId) : undefined;
    if (cached?.sealed === ws.botTokenEncrypted) return cached.deps;
    const deps: AppDeps = {
      ...base,
      db: inWorkspace(base.db, ws.id),
      client: clientFor(openToken(ws.botTokenEncrypted, key)),
      admins: new Set([...configuredAdmins(adminEntries, ws.slackTeamId), ...(ws.installedBy ? [ws.installedBy] : [])]),
    };
    if (ws.slackTeamId) cache.set(ws.slackTeamId, { sealed: ws.botTokenEncrypted, deps });
    return deps;
  };
  // One workspace's token that does not open is that workspace's fault: it is skipped (and said
  // once, until its stored token changes), the others are served.
  const reported = new Map<string, string>();
  const served = (ws: Workspace): AppDeps | null => {
    try {
      return depsFor(ws);
    } catch (e) {
      if (!(e instanceof TokenKeyError)) throw e;
      if (reported.get(ws.slackTeamId ?? '') !== ws.botTokenEncrypted) {
        reported.set(ws.slackTeamId ?? '', ws.botTokenEncrypted ?? '');
        base.logger.error('a workspace is not served: its stored bot token does not open with OKRBOT_TOKEN_KEY', {
          teamId: ws.slackTeamId,
          workspace: ws.name,
          fix: 'start okrbot with the key the token was stored with, or reinstall okrbot in that workspace',
        });
      }
      return null;
    }
  };
  return {
    async forTeam(teamId) {
      if (!teamId) return null;
      const ws = await workspaceByTeam(base.db, teamId);
      return ws ? served(ws) : null;
    },
    async all() {
      return (await listInstalledWorkspaces(base.db)).flatMap((ws) => served(ws) ?? []);
    },
    forget: (teamId) => void cache.delete(teamId),
    async status() {
      const installed = (await listInstalledWorkspaces(base.db)).filter(isInstalled);
      const unreadable = installed
        .filter((ws) => !served(ws))
        .map((ws) => ({ teamId: ws.slackTeamId ?? '', name: ws.name }));
      return { installed: installed.length, unreadable };
    },
  };
}

const current = new AsyncLocalStorage<AppDeps>();

/**
 * The deps listeners are registered with: each property is read from the request's own deps
 * (set by `runScoped` for the duration of the request), else from `base` (start-up, replays).
 */
export function requestScoped(base: AppDeps): AppDeps {
  return new Proxy(base, { get: (target, prop) => Reflect.get(current.getStore() ?? target, prop) });
}

export function runScoped<T>(deps: AppDeps, fn: () => Promise<T>): Promise<T> {
  return current.run(deps, fn);
}

/** okrbot was uninstalled from a workspace, or its bot token revoked: forget the token. True when it was installed. */
export async function uninstallWorkspace(db: AppDeps['db'], teamId: string, now: Date): Promise<boolean> {
  return markUninstalled(db, teamId, now);
}
