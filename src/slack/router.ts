import type { AllMiddlewareArgs, App, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../log.js';

/**
 * One Bolt listener for every block action and one for every view submission, each dispatching by
 * action_id / callback_id. Bolt runs every registered listener's matchers on every request — with
 * ~30 listeners that was its largest cost per click in the profiles (bench/profile.ts); a lookup
 * here does the same choice. The listeners register as they always did (`app.action(id, …)`), on
 * a facade of the app; `mount()` installs the two dispatchers. Several handlers matching one id all
 * run, as with Bolt; an id nothing handles is acknowledged and logged (Slack would show an error).
 */

type Matcher = string | RegExp;
type Handler = (args: never) => Promise<unknown>;
type Route = { matcher: Matcher; handler: Handler };

const matches = (m: Matcher, id: string) => (typeof m === 'string' ? m === id : m.test(id));

async function dispatch(routes: Route[], id: string, args: unknown, logger: Logger, kind: string): Promise<void> {
  const hits = routes.filter((r) => matches(r.matcher, id));
  if (hits.length === 0) {
    logger.warn(`no handler for this ${kind}`, { id });
    await (args as { ack: () => Promise<void> }).ack();
    return;
  }
  await Promise.all(hits.map((r) => r.handler(args as never)));
}

export function routedApp(app: App, logger: Logger): { facade: App; mount: () => void } {
  const actions: Route[] = [];
  const views: Route[] = [];
  const facade = new Proxy(app, {
    get(target, prop, receiver) {
      if (prop === 'action') return (matcher: Matcher, handler: Handler) => void actions.push({ matcher, handler });
      if (prop === 'view') return (matcher: Matcher, handler: Handler) => void views.push({ matcher, handler });
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const mount = () => {
    app.action(/.*/, async (args: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
      const id = (args.action as { action_id?: string; callback_id?: string }).action_id ?? '';
      await dispatch(actions, id, args, logger, 'action');
    });
    app.view(/.*/, async (args: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
      await dispatch(views, args.view.callback_id, args, logger, 'view submission');
    });
  };
  return { facade, mount };
}
