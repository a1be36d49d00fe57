/**
 * A self-hosted tile server of the kind an ISP may run (MAP_TILE_URL), for the e2e
 * layer where OpenStreetMap cannot be reached: GET /{z}/{x}/{y}.png answers a 256×256
 * PNG (a pale tile with its border drawn, so the grid shows in screenshots), 404 for
 * anything else. It follows the slippy-map convention: 0 ≤ x, y < 2^z.
 */
import { createServer } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 256;

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** One RGB tile: a light fill, a darker 1-pixel border. */
function tilePng() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  const rows = Buffer.alloc((SIZE * 3 + 1) * SIZE);
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 3 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      const edge = x === 0 || y === 0;
      const [r, g, b] = edge ? [203, 213, 225] : [241, 245, 249];
      rows[row + 1 + x * 3] = r;
      rows[row + 2 + x * 3] = g;
      rows[row + 3 + x * 3] = b;
    }
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Starts the server on 127.0.0.1:port; resolves to { url, close } where url is the MAP_TILE_URL template. */
export async function startTileServer(port) {
  const png = tilePng();
  const server = createServer((req, res) => {
    const m = /^\/(\d{1,2})\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
    const [z, x, y] = m ? m.slice(1).map(Number) : [];
    if (req.method !== 'GET' || !m || z > 19 || x >= 2 ** z || y >= 2 ** z) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not a tile');
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length, 'cache-control': 'public, max-age=86400' }).end(png);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, close: () => new Promise((resolve) => server.close(resolve)) };
}
