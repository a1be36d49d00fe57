-- Custom SQL migration file, put your code below! --
SELECT sys_tenant_table_setup('tenant_wa_webhook_events');

-- WhatsApp templates rendered in SQL, so set-based writers (the billing run, reminders,
-- isolir) fill the outbox in one statement. Mirrors renderTemplate / templateParams in
-- packages/core/src/notifications/template_rules.ts: `{{key}}` → the value (missing: ''),
-- placeholders left over removed; params are the values in order of appearance for the
-- Cloud API's body parameters ('-' for an empty value, which Meta refuses).
CREATE OR REPLACE FUNCTION sys_wa_render(p_body text, p_vals jsonb) RETURNS text
  LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  k text;
  v text;
  r text := p_body;
BEGIN
  FOR k, v IN SELECT key, value FROM jsonb_each_text(p_vals) LOOP
    r := replace(r, '{{' || k || '}}', coalesce(v, ''));
  END LOOP;
  RETURN regexp_replace(r, '\{\{[a-z_]+\}\}', '', 'g');
END $$;

CREATE OR REPLACE FUNCTION sys_wa_params(p_body text, p_vals jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT coalesce(jsonb_agg(coalesce(nullif(p_vals ->> (x.m)[1], ''), '-') ORDER BY x.n), '[]'::jsonb)
  FROM regexp_matches(p_body, '\{\{([a-z_]+)\}\}', 'g') WITH ORDINALITY AS x(m, n)
$$;

REVOKE ALL ON FUNCTION sys_wa_render(text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION sys_wa_params(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys_wa_render(text, jsonb) TO rrnet_app, rrnet_system;
GRANT EXECUTE ON FUNCTION sys_wa_params(text, jsonb) TO rrnet_app, rrnet_system;
