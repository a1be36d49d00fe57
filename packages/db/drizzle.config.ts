import { defineConfig } from 'drizzle-kit';

// `pnpm db:generate` only diffs the schema into SQL; it never connects to a database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: '../../drizzle',
});
