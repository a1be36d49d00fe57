-- Custom SQL migration file, put your code below! --
-- tenant_report_chunks: forced RLS, the policies, grants and the audit triggers
SELECT sys_tenant_table_setup('tenant_report_chunks');
--> statement-breakpoint
-- The audit trail records that an export's file was written or purged, never its bytes:
-- `content` (a chunk of a CSV/XLSX with customers' personal data) is redacted like secrets.
CREATE OR REPLACE FUNCTION sys_audit_mask(p jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN p IS NULL THEN NULL ELSE (SELECT coalesce(jsonb_object_agg(key, CASE
      WHEN key LIKE '%\_enc' OR key IN ('password_hash', 'key_hash', 'refresh_token_hash', 'content')
        THEN to_jsonb('[redacted]'::text)
      WHEN key IN ('phone', 'email', 'address', 'national_id', 'company_phone', 'company_address', 'to_phone')
           AND jsonb_typeof(value) = 'string'
        THEN to_jsonb(sys_mask_text(value #>> '{}'))
      ELSE value END), '{}'::jsonb)
  FROM jsonb_each(p)) END;
END;
