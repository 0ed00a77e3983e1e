import type { App } from '@slack/bolt';
import type { AppDeps } from '../../services/deps.js';
import { publishHome } from '../../services/home.js';

export function registerHome(app: App, deps: AppDeps): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, event.user);
  });
}
