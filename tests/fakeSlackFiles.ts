import type { ServerResponse } from 'node:http';

/**
 * The fake Slack's side of files.uploadV2: step 1 hands out an upload URL and a file id, step 2
 * receives the bytes (multipart/form-data, as @slack/web-api sends them), step 3 completes the
 * upload. As in Slack, a completed file is then *processed asynchronously*: for `processingMs`
 * files.info shows `mimetype: ""` and an image block naming it is refused ("invalid slack file";
 * python-slack-sdk #1521 and #1797, java-slack-sdk #1349, slack-github-action #413). Slack does
 * not say how long; the default models a slow day.
 */

export interface Upload {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  title?: string;
  bytes?: Buffer;
  /** PNG size read from the bytes' IHDR header. */
  width?: number;
  height?: number;
  completed: boolean;
  /** When processing ends and the file can be shown (set at completion). */
  readyAt?: number;
  channel?: string;
}

export class FakeUploads {
  readonly byId = new Map<string, Upload>();
  /** How long Slack takes to process a completed upload before it can be shown. */
  processingMs = 400;

  isReady(id: string): boolean {
    const u = this.byId.get(id);
    return Boolean(u?.completed && u.readyAt !== undefined && Date.now() >= u.readyAt);
  }

  /** files.info: `mimetype` stays empty until the file is processed. */
  info(args: Record<string, unknown>): Record<string, unknown> {
    const u = this.byId.get(String(args.file));
    if (!u?.completed) return { ok: false, error: 'file_not_found' };
    const ready = this.isReady(u.id);
    return {
      ok: true,
      file: {
        id: u.id,
        name: u.filename,
        title: u.title ?? u.filename,
        mimetype: ready ? (u.width ? 'image/png' : 'application/octet-stream') : '',
        filetype: ready ? 'png' : '',
        size: u.length,
      },
    };
  }

  start(id: string, args: Record<string, unknown>, baseUrl: string): Record<string, unknown> {
    // Slack documents `alt_txt` (not `alt_text`, which it ignores), at most 1,000 characters.
    if (typeof args.alt_txt === 'string' && [...args.alt_txt].length > 1000)
      return { ok: false, error: 'alt_txt_too_large' };
    this.byId.set(id, {
      id,
      filename: String(args.filename),
      length: Number(args.length),
      ...(args.alt_txt !== undefined && { altText: String(args.alt_txt) }),
      completed: false,
    });
    return { ok: true, upload_url: `${baseUrl}/upload/v1/${id}`, file_id: id };
  }

  async receive(id: string, contentType: string, body: Buffer): Promise<{ status: number; body: string }> {
    const upload = this.byId.get(id);
    if (!upload) return { status: 404, body: 'unknown upload' };
    if (!contentType.startsWith('multipart/form-data'))
      return { status: 400, body: `expected multipart/form-data, got ${contentType || 'no content type'}` };
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const part = form.get('body') ?? form.get('file');
    if (!part || typeof part === 'string') return { status: 400, body: 'no file part' };
    const bytes = Buffer.from(await part.arrayBuffer());
    if (bytes.length !== upload.length) return { status: 400, body: 'length mismatch' };
    upload.bytes = bytes;
    if (bytes.subarray(1, 4).toString('latin1') === 'PNG') {
      upload.width = bytes.readUInt32BE(16);
      upload.height = bytes.readUInt32BE(20);
    }
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  complete(args: Record<string, unknown>): Record<string, unknown> {
    const files = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as Array<{
      id: string;
      title?: string;
    }>;
    const done = [];
    for (const f of files) {
      const upload = this.byId.get(f.id);
      if (!upload?.bytes) return { ok: false, error: 'file_not_found' };
      upload.completed = true;
      upload.readyAt = Date.now() + this.processingMs;
      if (f.title !== undefined) upload.title = f.title;
      if (args.channel_id) upload.channel = String(args.channel_id);
      done.push({
        id: upload.id,
        name: upload.filename,
        title: upload.title ?? upload.filename,
        mimetype: '',
        size: upload.length,
      }); // still processing
    }
    return { ok: true, files: done };
  }

  /** Problems with image blocks naming files that were never uploaded and completed, or are still processing. */
  unknownFiles(args: Record<string, unknown>): string[] {
    const blocks = Array.isArray(args.blocks) ? (args.blocks as Array<Record<string, unknown>>) : [];
    return blocks.flatMap((b, i) => {
      const id = (b.slack_file as { id?: string } | undefined)?.id;
      return b.type === 'image' && id !== undefined && !this.isReady(id)
        ? [`/blocks/${i}/slack_file invalid slack file ${id}`]
        : [];
    });
  }
}

/** Files people "uploaded": served at url_private_download only to a request with the bot token, as Slack does (files:read). */
export class SharedFiles {
  readonly files = new Map<string, { name: string; content: string }>();
  readonly downloads: Array<{ id: string; authorized: boolean }> = [];

  constructor(private readonly baseUrl: () => string) {}

  /** A file as a `file_share` message event carries it. */
  add(
    id: string,
    name: string,
    content: string,
  ): { id: string; name: string; size: number; url_private_download: string; mimetype: string } {
    this.files.set(id, { name, content });
    return {
      id,
      name,
      size: Buffer.byteLength(content),
      url_private_download: `${this.baseUrl()}/files-pri/${id}/${encodeURIComponent(name)}`,
      mimetype: 'text/plain',
    };
  }

  serve(id: string, authorized: boolean, res: ServerResponse): void {
    this.downloads.push({ id, authorized });
    const file = this.files.get(id);
    if (!authorized || !file) {
      res.writeHead(authorized ? 404 : 403, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: authorized ? 'file_not_found' : 'not_authed' }));
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(file.content);
  }
}
