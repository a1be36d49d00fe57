-- Custom SQL migration file, put your code below! --
-- An invoice's lines (jsonb, a snapshot at issue: plan, days, monthly price, amount) must add
-- up to its subtotal; tenant_invoices_lines_check (next migration) calls this.
CREATE OR REPLACE FUNCTION sys_invoice_lines_total(p_lines jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(sum((l ->> 'amount')::bigint), 0)::bigint FROM jsonb_array_elements(p_lines) l
$$;
GRANT EXECUTE ON FUNCTION sys_invoice_lines_total(jsonb) TO rrnet_app, rrnet_system;
