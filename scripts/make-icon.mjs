// Writes media/icon.png (128×128, the marketplace icon) from a few shapes, with no image tooling.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const W = 128, H = 128;
const px = Buffer.alloc(W * H * 4);
const set = (x, y, [r, g, b, a = 255]) => { const i = (y * W + x) * 4; px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a; };
const roundRect = (x0, y0, x1, y1, rad, c) => {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
    const dx = Math.max(x0 + rad - x, 0, x - (x1 - 1 - rad)), dy = Math.max(y0 + rad - y, 0, y - (y1 - 1 - rad));
    if (dx * dx + dy * dy <= rad * rad) set(x, y, c);
  }
};
roundRect(0, 0, 128, 128, 22, [35, 47, 62]);          // background, AWS squid ink
roundRect(46, 46, 114, 114, 10, [255, 153, 0, 110]);  // the shadow, translucent orange
roundRect(14, 14, 82, 82, 10, [255, 153, 0]);          // the device
roundRect(34, 34, 62, 62, 4, [35, 47, 62]);            // its chip
for (let i = 0; i < 4; i++) { roundRect(22 + i * 14, 86, 28 + i * 14, 96, 1, [255, 153, 0]); }

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const raw = Buffer.alloc(H * (W * 4 + 1));
for (let y = 0; y < H; y++) px.copy(raw, y * (W * 4 + 1) + 1, y * W * 4, (y + 1) * W * 4);
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 6;
writeFileSync('media/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
console.log('wrote media/icon.png');
