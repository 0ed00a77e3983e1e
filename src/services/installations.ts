import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Db } from '../db/client.js';
import { openToken, sealToken } from './tokenVault.js';
import { isInstalled, markUninstalled, saveInstallation, workspaceByTeam } from '../store/workspaces.js';

/** An org-wide (Enterprise Grid) install, which okrbot does not take: it installs per workspace. */
export class OrgWideInstallError extends Error {
  readonly code = 'okrbot_org_wide_install';
  constructor(readonly enterpriseId: string | null) {
    super('okrbot installs per workspace: org-wide (Enterprise Grid) installs are not supported');
  }
}

/** A request from a workspace okrbot is not installed in (any more). */
export class NotInstalledError extends Error {
  readonly code = 'okrbot_not_installed';
  constructor(readonly teamId: string | null) {
    super(`okrbot is not installed in workspace ${teamId ?? '(unknown)'}`);
  }
}

/**
 * Bolt's installation store, backed by the `workspaces` table: an OAuth install (or reinstall)
 * stores the workspace's bot token sealed with OKRBOT_TOKEN_KEY; Bolt fetches it to authorize each
 * request from that workspace; deleting (uninstall, tokens revoked) forgets the token.
 * Org-wide Enterprise Grid installs are refused, and undone (their token revoked): okrbot installs
 * per workspace, each with its own OKRs and admins.
 */
export function workspaceInstallationStore(
  db: Db,
  key: Buffer,
  clock: () => Date,
  changed: (teamId: string) => void,
  revoke: (token: string) => Promise<unknown> = async () => undefined,
): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const teamId = installation.team?.id;
      if (installation.isEnterpriseInstall || !teamId) {
        // Left in place, the org-wide install would keep sending every workspace's events here.
        if (installation.bot?.token) await revoke(installation.bot.token).catch(() => undefined);
        throw new OrgWideInstallError(installation.enterprise?.id ?? null);
      }
      if (!installation.bot?.token) throw new Error('the install gave no bot token');
      await saveInstallation(
        db,
        {
          slackTeamId: teamId,
          enterpriseId: installation.enterprise?.id ?? null,
          name: installation.team?.name ?? null,
          botUserId: installation.bot.userId ?? null,
          botId: installation.bot.id ?? null,
          botTokenEncrypted: sealToken(installation.bot.token, key),
          scopes: installation.bot.scopes?.join(',') ?? null,
          installedBy: installation.user.id ?? null,
        },
        clock(),
      );
      changed(teamId);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const ws = query.teamId ? await workspaceByTeam(db, query.teamId) : undefined;
      if (!ws || !isInstalled(ws)) throw new NotInstalledError(query.teamId ?? query.enterpriseId ?? null);
      return {
        team: { id: ws.slackTeamId!, ...(ws.name && { name: ws.name }) },
        enterprise: ws.enterpriseId ? { id: ws.enterpriseId } : undefined,
        bot: {
          token: openToken(ws.botTokenEncrypted, key),
          userId: ws.botUserId ?? '',
          id: ws.botId ?? '',
          scopes: ws.scopes?.split(',') ?? [],
        },
        user: { id: ws.installedBy ?? '', token: undefined, scopes: undefined },
        isEnterpriseInstall: false,
        tokenType: 'bot',
      } as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      if (!query.teamId) return;
      await markUninstalled(db, query.teamId, clock());
      changed(query.teamId);
    },
  };
}
