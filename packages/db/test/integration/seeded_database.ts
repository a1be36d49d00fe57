/** A migrated test database with the two demo tenants seeded through the real paths. */
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import postgres from 'postgres';
import { seedDemo } from '../../src/seed/seed_demo';
import type { SeedResult } from '../../src/seed/seed_demo';
import { createTestDatabase } from '../../src/testing';
import type { TestDatabase } from '../../src/testing';
import { TEST_PG_URL } from '../../../../tests/services';

export interface SeededDatabase extends TestDatabase {
  seed: SeedResult;
  box: SecretBox;
  tenantA: string;
  tenantB: string;
  owner: postgres.Sql;
}

export async function seededDatabase(): Promise<SeededDatabase> {
  const db = await createTestDatabase(TEST_PG_URL);
  const box = new SecretBox(new ConfigKeyProvider(generateKeySpec()));
  const seed = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: box });
  // the schema owner's login (superuser here, SET ROLE to the owner)
  const owner = postgres(db.adminUrl, { max: 1, onnotice: () => {}, connection: { options: '-c role=rrnet_owner' } });
  return { ...db, seed, box, tenantA: seed.tenants[0]!.id, tenantB: seed.tenants[1]!.id, owner };
}
