/**
 * A new ISP's first-run checklist (issue #17), computed from its data every time it is
 * read — nothing to tick by hand: billing settings saved once, a service plan, a router, a
 * customer (imported or added), its own WhatsApp gateway, a payment gateway key. Read as the
 * tenant (RLS: its own rows).
 */
import { ONBOARDING_STEPS } from '@rrnet/contracts';
import type { Onboarding, OnboardingStep } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';

/** Where each step is done in the web app. */
export const ONBOARDING_LINKS: Record<OnboardingStep, string> = {
  billing_settings: '/billing/settings',
  service_plan: '/customers/plans',
  router: '/network/routers',
  customers: '/customers/import',
  whatsapp: '/notifications/settings',
  payment_gateway: '/billing/settings',
};

/** The checklist from what is done, in the order a new ISP usually goes. */
export function onboardingOf(done: Record<OnboardingStep, boolean>): Onboarding {
  const steps = ONBOARDING_STEPS.map((step) => ({ step, done: done[step], href: ONBOARDING_LINKS[step] }));
  const count = steps.filter((s) => s.done).length;
  return { steps, done: count, total: steps.length, complete: count === steps.length };
}

export async function onboardingChecklist(tx: TenantTx, tenantId: string): Promise<Onboarding> {
  const [row] = await tx.sql<Record<OnboardingStep, boolean>[]>`
    SELECT coalesce(s.updated_at > t.created_at, false) AS billing_settings,
           EXISTS (SELECT 1 FROM tenant_service_plans p WHERE p.tenant_id = t.id) AS service_plan,
           EXISTS (SELECT 1 FROM tenant_routers r WHERE r.tenant_id = t.id) AS router,
           EXISTS (SELECT 1 FROM tenant_customers c WHERE c.tenant_id = t.id) AS customers,
           coalesce(s.wa_gateway IS NOT NULL, false) AS whatsapp,
           -- the gateway the ISP chose has its keys (Midtrans's server key, or Xendit's secret key and callback token)
           coalesce(CASE s.payment_gateway WHEN 'xendit' THEN s.xendit_secret_key_enc IS NOT NULL AND s.xendit_callback_token_enc IS NOT NULL
                                           ELSE s.midtrans_server_key_enc IS NOT NULL END, false) AS payment_gateway
    FROM saas_tenants t LEFT JOIN tenant_settings s ON s.tenant_id = t.id
    WHERE t.id = ${tenantId}`;
  return onboardingOf(row ?? { billing_settings: false, service_plan: false, router: false, customers: false, whatsapp: false, payment_gateway: false });
}
