-- Custom SQL migration file, put your code below! --
-- btree_gist lets GiST indexes lead with tenant_id (uuid) before the location point.
-- A trusted extension: rrnet_owner (CREATE on the database) may install it.
CREATE EXTENSION IF NOT EXISTS btree_gist;
