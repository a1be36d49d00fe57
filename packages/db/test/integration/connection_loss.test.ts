/**
 * postgres.js when the server goes away at the worst moment: right after a connection's
 * start-up, while it fetches the array types (`fetch_types`, the first query of every new
 * connection). Unpatched, the fetch's rejection is unhandled and the query that opened
 * the connection can wait for ever (seen as a 120 s hang in the database fault test when
 * PostgreSQL restarted). A TCP proxy in front of the real PostgreSQL cuts exactly that
 * query; the caller's query must settle (rejected CONNECTION_CLOSED or answered after a
 * reconnect), nothing may be left unhandled, and the pool must work afterwards.
 */
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PG_URL } from '../../../../tests/services';

const target = new URL(TEST_PG_URL);
let proxy: Server;
let port: number;
/** how many connections still get cut when they send the array-types query */
let cutsLeft = 0;
let cuts = 0;
const sockets = new Set<Socket>();

/** A FATAL ErrorResponse message of the wire protocol. */
function fatal(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    ...[['S', 'FATAL'], ['V', 'FATAL'], ['C', code], ['M', message]].map(([k, v]) => Buffer.from(`${k}${v}\0`)),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

beforeAll(async () => {
  proxy = createServer((client) => {
    const server = createConnection(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(server);
    client.on('data', (chunk: Buffer) => {
      if (cutsLeft > 0 && chunk.includes('typarray')) {
        cutsLeft--;
        cuts++;
        // what `pg_ctl stop -m fast` sends each backend before it closes the socket
        client.end(fatal('57P01', 'terminating connection due to administrator command'));
        server.destroy();
        return;
      }
      server.write(chunk);
    });
    server.on('data', (chunk) => client.write(chunk));
    const end = () => (client.destroy(), server.destroy());
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  port = (proxy.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => proxy.close(resolve));
});

it('a connection cut while it fetches the array types settles its query, leaves nothing unhandled, and the pool recovers', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const url = new URL(TEST_PG_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  try {
    for (let round = 0; round < 5; round++) {
      // a fresh pool each round: its first connection is the one that fetches the types
      const sql = postgres(url.toString(), { max: 2, connect_timeout: 5, onnotice: () => {} });
      try {
        cutsLeft = 1;
        const settled = await Promise.race([
          sql`SELECT 1 AS one`.then(
            (rows) => ({ ok: true as const, value: rows[0]?.one }),
            (err: { code?: string }) => ({ ok: false as const, code: err.code }),
          ),
          new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000).unref()),
        ]);
        expect(settled, `round ${round}`).not.toBe('hung');
        if (settled !== 'hung') {
          if (settled.ok) expect(settled.value).toBe(1);
          else expect(['CONNECTION_CLOSED', '57P01']).toContain(settled.code); // the server's own words, or the socket's
        }
        // the next query works, arrays included (their types fetched on a later connection)
        const [row] = await sql<{ found: boolean }[]>`SELECT 2 = ANY (${[1, 2, 3]}::int[]) AS found`;
        expect(row!.found).toBe(true);
      } finally {
        await sql.end({ timeout: 1 }).catch(() => undefined);
      }
    }
    expect(cuts).toBe(5);
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
}, 120_000);
