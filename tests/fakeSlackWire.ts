import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/** The fake Slack's wire details: Socket Mode's WebSocket, request arguments, user objects. */

/** Socket Mode: apps.connections.open hands out this WebSocket; the bot acks envelopes on it. */
export class FakeSocketMode {
  private readonly wss: WebSocketServer;
  private socket: WebSocket | null = null;
  private readonly acks = new Map<string, (payload: unknown) => void>();

  constructor(server: Server) {
    this.wss = new WebSocketServer({ server, path: '/link' });
    this.wss.on('connection', (ws) => {
      this.socket = ws;
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) this.acks.get(msg.envelope_id)?.(msg.payload ?? null);
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake' },
          connection_info: { app_id: 'A0OKRBOT' },
        }),
      );
    });
  }

  /** Sends an envelope and resolves with the bot's ack payload. */
  send(envelopeId: string, type: string, payload: Record<string, unknown>): Promise<unknown> {
    if (!this.socket) throw new Error('no Socket Mode connection');
    const acked = new Promise<unknown>((resolve) => this.acks.set(envelopeId, resolve));
    this.socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return acked;
  }

  get connected(): boolean {
    return this.socket !== null && this.socket.readyState === 1;
  }

  close(): void {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }
}

/** A person in the fake workspace (users.info answers with them). */
export interface FakeUser {
  id: string;
  name?: string;
  tz?: string;
  email?: string;
  deleted?: boolean;
  bot?: boolean;
  /** Slack status (users.info's profile always carries these: empty strings and 0 when unset). */
  statusText?: string;
  statusEmoji?: string;
  /** Unix seconds; 0: no expiry. */
  statusExpiration?: number;
}

export function slackUser(u: FakeUser) {
  return {
    id: u.id,
    name: u.name ?? u.id.toLowerCase(),
    real_name: u.name,
    deleted: Boolean(u.deleted),
    is_bot: Boolean(u.bot),
    tz: u.tz ?? 'America/Los_Angeles',
    profile: {
      display_name: u.name ?? '',
      real_name: u.name ?? '',
      email: u.email,
      status_text: u.statusText ?? '',
      status_emoji: u.statusEmoji ?? '',
      status_expiration: u.statusExpiration ?? 0,
    },
  };
}

export function parseArgs(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client JSON-encodes object arguments in form posts.
    out[k] =
      ['blocks', 'view', 'attachments', 'metadata'].includes(k) && (v.startsWith('[') || v.startsWith('{'))
        ? safeJson(v)
        : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
