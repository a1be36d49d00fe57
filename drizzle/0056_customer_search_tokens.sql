-- Custom SQL migration file, put your code below! --
-- Customer search whose index holds each ISP's trigrams apart (issue #20: the same ISP's
-- search at 10M customers on the platform vs alone).
--
-- The trigram index (0010) led with tenant_id through btree_gin, but a multi-column GIN keeps
-- one posting list per key and column: the list of the trigram 'kar' held every customer of
-- the platform whose text has 'kar', and a search read those platform-wide lists, then kept
-- the ISP's rows. Its cost grew with the platform, not with the ISP.
--
-- sys_customer_search_tokens(tenant, text) turns a text into the ISP's own trigram keys: for
-- each trigram of pg_trgm's show_trgm() that lies inside a word (no padding blank), one bigint
-- = hash(tenant) << 32 | hash(trigram). A key's posting list holds one ISP's rows (two ISPs
-- whose hashes meet share a list — still only their rows); a hash that meets another trigram's
-- only adds a candidate. Neither can lose a match: a customer whose text contains the searched
-- string has every inside-a-word trigram of it, and the LIKE (and the tenant condition) is
-- always checked on the row itself. A string with no three letters or digits in a row has no
-- key: it is matched by the LIKE alone over the ISP's rows (as a 1–2 character trigram search
-- always was). hashtext() is what PostgreSQL's own hash indexes rely on.
CREATE OR REPLACE FUNCTION sys_customer_search_tokens(p_tenant uuid, p_text text) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT array_agg(h.tenant | (hashtext(t.trigram)::bigint & 4294967295))
  FROM (SELECT hashtext(p_tenant::text)::bigint << 32 AS tenant) h,
       unnest(show_trgm(p_text)) AS t(trigram)
  WHERE strpos(t.trigram, ' ') = 0;
END;
--> statement-breakpoint
REVOKE ALL ON FUNCTION sys_customer_search_tokens(uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION sys_customer_search_tokens(uuid, text) TO rrnet_app, rrnet_system, rrnet_search;
--> statement-breakpoint
-- (the index itself, tenant_customers_search_tokens, replaces the trigram index in 0057)
-- The search: as in 0012, plus the keys of the searched string (the LIKE pattern's own: its
-- wildcards and escapes are not letters or digits, so they only split words) when it has any.
CREATE OR REPLACE FUNCTION sys_customer_search(
  p_pattern text, p_status text, p_plan uuid, p_router uuid, p_odp uuid,
  p_sort text, p_after_key text, p_after_id uuid, p_limit integer
) RETURNS TABLE (id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  -- a page's worth (the list asks for limit + 1): with the default guess of 1,000 rows the
  -- caller's plan read all of the ISP's customers and hash-joined them to these few ids
  ROWS 50 AS $$
DECLARE
  v_tenant uuid := app_current_tenant();
  v_text text := 'lower(c.code || '' '' || c.name || '' '' || coalesce(c.phone, '''') || '' '' || '
    || 'coalesce(regexp_replace(c.phone, ''^\+62'', ''0''), '''') || '' '' || c.pppoe_username)';
  v_keys bigint[];
  v_where text;
BEGIN
  IF v_tenant IS NULL OR p_sort NOT IN ('name', 'created_at') THEN
    RETURN;
  END IF;
  v_keys := sys_customer_search_tokens(v_tenant, lower(p_pattern));
  v_where := 'c.tenant_id = $1 AND ' || v_text || ' LIKE $2';
  IF v_keys IS NOT NULL THEN v_where := v_where || ' AND sys_customer_search_tokens(c.tenant_id, ' || v_text || ') @> $10'; END IF;
  IF p_status IS NOT NULL THEN v_where := v_where || ' AND c.status = $3'; END IF;
  IF p_plan IS NOT NULL THEN v_where := v_where || ' AND c.plan_id = $4'; END IF;
  IF p_router IS NOT NULL THEN v_where := v_where || ' AND c.router_id = $5'; END IF;
  IF p_odp IS NOT NULL THEN v_where := v_where || ' AND c.odp_id = $6'; END IF;
  IF p_after_id IS NOT NULL THEN
    v_where := v_where || CASE p_sort WHEN 'name' THEN ' AND (c.name, c.id) > ($7, $8)'
                                      ELSE ' AND (c.created_at, c.id) < ($7::timestamptz, $8)' END;
  END IF;
  RETURN QUERY EXECUTE 'SELECT c.id FROM tenant_customers c WHERE ' || v_where
    || CASE p_sort WHEN 'name' THEN ' ORDER BY c.name, c.id' ELSE ' ORDER BY c.created_at DESC, c.id DESC' END
    || ' LIMIT $9'
    USING v_tenant, p_pattern, p_status, p_plan, p_router, p_odp, p_after_key, p_after_id, least(greatest(p_limit, 1), 1000), v_keys;
END $$;
--> statement-breakpoint
ALTER FUNCTION sys_customer_search(text, text, uuid, uuid, uuid, text, text, uuid, integer) OWNER TO rrnet_search;
