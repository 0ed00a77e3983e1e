import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Bot tokens at rest: AES-256-GCM under OKRBOT_TOKEN_KEY (32 bytes, base64 or hex), a fresh
 * 12-byte IV per token, the auth tag checked on the way out (a changed row or a wrong key fails
 * loudly rather than sending with garbage). Stored as `v1:<base64url iv|tag|ciphertext>`.
 */

export class TokenKeyError extends Error {}

export function parseTokenKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32)
    throw new TokenKeyError(
      'OKRBOT_TOKEN_KEY must be 32 bytes, as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)',
    );
  return key;
}

export function sealToken(token: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export function openToken(sealed: string, key: Buffer): string {
  if (!sealed.startsWith('v1:')) throw new TokenKeyError('unknown token format');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenKeyError('a stored bot token does not open with OKRBOT_TOKEN_KEY (was the key changed?)');
  }
}
