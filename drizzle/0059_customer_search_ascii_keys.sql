-- Custom SQL migration file, put your code below! --
-- Customer search keys: only the trigrams pg_trgm keeps as three letters or digits.
--
-- show_trgm() prints a trigram holding a character beyond ASCII (é, ñ) as a hash, "0x9707f0",
-- with no blank left to tell a padded one (a word's start or end) from one inside a word. The
-- keys of "00002 dé" then held the hashed "dé " — the end of a word that, in the customer's
-- "Désa", goes on — and the search found nothing where LIKE finds the customer (seen by
-- customer_search.test.ts's cut strings). A key is now an inside-a-word trigram of three
-- ASCII letters or digits; a hashed one is left to the LIKE, which decides anyway. No match is
-- lost (a customer's text holds every inside-a-word trigram of a string it contains); strings
-- of accented letters only get fewer keys, that is all.
CREATE OR REPLACE FUNCTION sys_customer_search_tokens(p_tenant uuid, p_text text) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT array_agg(h.tenant | (hashtext(t.trigram)::bigint & 4294967295))
  FROM (SELECT hashtext(p_tenant::text)::bigint << 32 AS tenant) h,
       unnest(show_trgm(p_text)) AS t(trigram)
  WHERE strpos(t.trigram, ' ') = 0 AND length(t.trigram) = 3;
END;
--> statement-breakpoint
-- the index holds the function's values: computed again with the new keys
REINDEX INDEX tenant_customers_search_tokens;
