/**
 * The isolir benchmark's HTTP floor: the plainest server that answers like a router with a
 * fixed latency — node:http, the request body read, a small JSON answer `latency` ms later,
 * nothing else (no RouterOS state, no auth, no parsing). Run as its own process, as the
 * simulated routers are; prints `{"event":"http_floor_ready","port":N}` when listening.
 *   node --import tsx bench/billing/http_floor_server.ts <latency ms>
 */
import { createServer } from 'node:http';

const latencyMs = Number(process.argv[2] ?? 50);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () =>
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
    }, latencyMs),
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ event: 'http_floor_ready', port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
