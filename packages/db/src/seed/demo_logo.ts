/**
 * A demo ISP's logo, drawn in code (no image files in the repo): a rounded square in the
 * ISP's colour with a white signal mark (a dot and two arcs), as a 96×96 RGBA PNG.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** `rgb`: the square's colour, e.g. [10, 61, 115]. */
export function demoLogoPng(rgb: readonly [number, number, number], size = 96): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const c = size / 2;
  const corner = size * 0.2;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      // inside the rounded square?
      const dx = Math.max(corner - x - 0.5, x + 0.5 - (size - corner), 0);
      const dy = Math.max(corner - y - 0.5, y + 0.5 - (size - corner), 0);
      const inside = dx * dx + dy * dy <= corner * corner;
      // the mark: centred low, a dot and two arcs opening upwards
      const mx = x + 0.5 - c;
      const my = y + 0.5 - size * 0.68;
      const r = Math.hypot(mx, my);
      const up = my < -Math.abs(mx) * 0.35;
      const mark = r < size * 0.08 || (up && ((r > size * 0.2 && r < size * 0.28) || (r > size * 0.36 && r < size * 0.44)));
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const [red, green, blue] = mark ? [255, 255, 255] : rgb;
      raw[o] = red;
      raw[o + 1] = green;
      raw[o + 2] = blue;
      raw[o + 3] = inside ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
