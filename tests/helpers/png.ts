import { inflateSync } from 'node:zlib';

/**
 * Reads an 8-bit RGB(A) PNG (what Chromium's screenshots are) into its size and the share of
 * pixels that are not white: enough to tell a rendered page from a blank one.
 */
export function pngStats(png: Buffer): { width: number; height: number; nonWhite: number } {
  if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('not a PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const bitDepth = png[24]!;
  const colourType = png[25]!;
  if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6))
    throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colourType}`);
  const channels = colourType === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const line = Buffer.alloc(stride);
  let prev = Buffer.alloc(stride);
  let nonWhite = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      line[x] = (src[x]! + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const i = x * channels;
      if (line[i]! < 240 || line[i + 1]! < 240 || line[i + 2]! < 240) nonWhite++;
    }
    prev = Buffer.from(line);
  }
  return { width, height, nonWhite: nonWhite / (width * height) };
}
