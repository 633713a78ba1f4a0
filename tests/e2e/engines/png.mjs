// Reads the PNG screenshots the engines return (8-bit greyscale/RGB/RGBA,
// not interlaced: what browsers write) into RGBA pixels with node's zlib,
// and measures how much of an image is painted, so a test can tell a drawn
// chart from a blank canvas by its pixels. Knows nothing of the page.
import zlib from 'node:zlib';

/** Decodes `png` (a Buffer) to {width, height, rgba: Uint8Array}. */
export function decodePng(png) {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8, width = 0, height = 0, colorType = 0, depth = 0, interlace = 0;
  const idat = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      depth = data[8]; colorType = data[9]; interlace = data[12];
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
  if (depth !== 8 || !channels || interlace) throw new Error(`unsupported PNG (depth ${depth}, colour ${colorType}, interlace ${interlace})`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
      let p;
      switch (filter) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: {
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      cur[i] = (line[i] + p) & 255;
    }
    for (let x = 0; x < width; x++) {
      const s = x * channels, d = (y * width + x) * 4;
      if (channels <= 2) { out[d] = out[d + 1] = out[d + 2] = cur[s]; out[d + 3] = channels === 2 ? cur[s + 1] : 255; }
      else { out[d] = cur[s]; out[d + 1] = cur[s + 1]; out[d + 2] = cur[s + 2]; out[d + 3] = channels === 4 ? cur[s + 3] : 255; }
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

/** The part of `image` inside `rect` ({x, y, width, height}, whole pixels). */
export function crop(image, rect) {
  const x0 = Math.max(0, Math.round(rect.x)), y0 = Math.max(0, Math.round(rect.y));
  const w = Math.min(image.width - x0, Math.round(rect.width)), h = Math.min(image.height - y0, Math.round(rect.height));
  if (w <= 0 || h <= 0) return { width: 0, height: 0, rgba: new Uint8Array(0) };
  const rgba = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    rgba.set(image.rgba.subarray(((y0 + y) * image.width + x0) * 4, ((y0 + y) * image.width + x0 + w) * 4), y * w * 4);
  }
  return { width: w, height: h, rgba };
}

/**
 * How an image is painted: `share`, the fraction of pixels that differ
 * clearly (summed channel difference > 60) from its most common colour
 * (the background), and `colours`, how many distinct colours (to 4 bits a
 * channel) cover at least 0.05 % of it. A blank canvas gives share 0 and one colour.
 */
export function painted({ width, height, rgba }) {
  const counts = new Map();
  const n = width * height;
  for (let i = 0; i < n; i++) {
    const k = ((rgba[4 * i] >> 4) << 8) | ((rgba[4 * i + 1] >> 4) << 4) | (rgba[4 * i + 2] >> 4);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let bgKey = 0, best = -1;
  for (const [k, c] of counts) if (c > best) { best = c; bgKey = k; }
  // The background's exact colour: the first pixel in that 4-bit bucket.
  let bg = null;
  for (let i = 0; i < n && !bg; i++) {
    const k = ((rgba[4 * i] >> 4) << 8) | ((rgba[4 * i + 1] >> 4) << 4) | (rgba[4 * i + 2] >> 4);
    if (k === bgKey) bg = [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]];
  }
  let differ = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(rgba[4 * i] - bg[0]) + Math.abs(rgba[4 * i + 1] - bg[1]) + Math.abs(rgba[4 * i + 2] - bg[2]);
    if (d > 60) differ++;
  }
  const colours = [...counts.values()].filter((c) => c >= n * 0.0005).length;
  return { share: n ? differ / n : 0, colours, width, height };
}
