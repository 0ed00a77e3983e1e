import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../src/slack/workspaceSetup.js';
import { manifestProblems, slackManifestSchema } from './fixtures/slackManifestSchema.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(slackManifestSchema);
const load = (path: string) =>
  parse(readFileSync(path, 'utf8')) as Record<string, unknown> & Parameters<typeof manifestProblems>[0];
const errors = (m: unknown) =>
  validate(m) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe('the Slack app manifests', () => {
  for (const path of ['manifest.yml', 'manifest.http.yml', 'manifest.distributed.yml']) {
    it(`${path} is a manifest Slack accepts`, () => {
      const m = load(path);
      expect(errors(m)).toEqual([]);
      expect(manifestProblems(m)).toEqual([]);
    });
  }

  it('differ only in how Slack reaches okrbot', () => {
    const socket = load('manifest.yml');
    const http = load('manifest.http.yml');
    expect(socket.settings!.socket_mode_enabled).toBe(true);
    expect(http.settings!.socket_mode_enabled).toBe(false);
    expect(http.oauth_config).toEqual(socket.oauth_config);
    expect(http.settings!.event_subscriptions!.bot_events).toEqual(socket.settings!.event_subscriptions!.bot_events);
  });

  it('the distributed one adds the OAuth redirect and the uninstall events, and asks for the scopes the installer asks for', () => {
    const http = load('manifest.http.yml');
    const distributed = load('manifest.distributed.yml') as ReturnType<typeof load> & {
      oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
    };
    expect(distributed.oauth_config.redirect_urls).toEqual(['https://okrbot.example.com/slack/oauth_redirect']);
    expect(distributed.oauth_config.scopes).toEqual(http.oauth_config!.scopes);
    expect([...distributed.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(distributed.settings!.event_subscriptions!.bot_events).toEqual(
      [...http.settings!.event_subscriptions!.bot_events!, 'app_uninstalled', 'tokens_revoked'].sort(),
    );
  });

  it('catches what Slack would refuse (so the check above can fail)', () => {
    const m = load('manifest.yml');
    const broken = structuredClone(m);
    broken.settings!.socket_mode_enabled = false; // the README's old advice: no request URLs
    expect(manifestProblems(broken)).toEqual([
      'event subscriptions need a request_url without Socket Mode',
      'interactivity needs a request_url without Socket Mode',
      '/okr needs a url without Socket Mode',
    ]);
    expect(errors({ ...m, display_information: { name: 'x'.repeat(36) } })).toEqual([
      '/display_information/name must NOT have more than 35 characters',
    ]);
    expect(errors({ ...m, settings: { ...(m.settings as object), socket_mode: true } })).toEqual([
      '/settings must NOT have additional properties',
    ]);
  });
});
