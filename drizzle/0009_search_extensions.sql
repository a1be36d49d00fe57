-- Custom SQL migration file, put your code below! --
-- pg_trgm: substring search (name, code, phone, PPPoE username) on a trigram GIN index;
-- btree_gin lets that GIN index lead with tenant_id. Both are trusted extensions.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
