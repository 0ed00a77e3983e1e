/** The access policy's refusals (services/access.ts), worded once for every surface. */

/** "Only okrbot admins … can <what>. Nothing was changed." */
export function adminsOnly(what: string, nothing = 'Nothing was changed.'): string {
  return `Only okrbot admins (\`/okr admins\` lists them) can ${what}. ${nothing}`;
}

/** "Only the owner of O1-KR2 or an okrbot admin can <what>." */
export function ownerOrAdminOnly(krKey: string, what: string): string {
  return `Only the owner of ${krKey} or an okrbot admin can ${what}.`;
}

/** "Only members of O1-KR2's team (its KR owners) or an okrbot admin can <what>." */
export function teamMembersOnly(krKey: string, what: string): string {
  return `Only members of ${krKey}'s team (its KR owners) or an okrbot admin can ${what}.`;
}

/** What someone in a workspace okrbot does not serve sees when they use `/okr` there. */
export function notServedHere(why: 'not_installed' | 'token_unreadable'): string {
  return why === 'not_installed'
    ? 'okrbot is not installed in this workspace (it was removed, or never added). A workspace admin can install it again from okrbot’s install page.'
    : 'okrbot cannot reach this workspace right now. Whoever runs okrbot has been told; nothing you typed was stored.';
}
