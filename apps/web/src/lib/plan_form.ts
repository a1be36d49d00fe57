/**
 * The service plan form: speeds typed in Mbps (the fields keep the API's names,
 * `download_kbps` / `upload_kbps`, so its messages land on them), the monthly price in
 * rupiah as typed ("175.000"), and the schemas it is checked with: the text turned into
 * the API's plan fields, then the contracts' create or update schema.
 */
import { z } from 'zod';
import { servicePlanCreateInput, servicePlanUpdateInput } from '@rrnet/contracts';
import type { ServicePlan } from '@rrnet/contracts';
import { mbpsToKbps, parseNumber } from './form_values';

const planText = z.object({
  name: z.string(),
  /** Mbps as typed */
  download_kbps: z.string(),
  /** Mbps as typed */
  upload_kbps: z.string(),
  price: z.string(),
  router_profile: z.string(),
  is_active: z.boolean(),
});
export type PlanFormValues = z.infer<typeof planText>;

export const EMPTY_PLAN: PlanFormValues = { name: '', download_kbps: '', upload_kbps: '', price: '', router_profile: '', is_active: true };

export function planFormValues(plan: ServicePlan): PlanFormValues {
  return {
    name: plan.name,
    download_kbps: String(plan.download_kbps / 1000),
    upload_kbps: String(plan.upload_kbps / 1000),
    price: String(plan.price),
    router_profile: plan.router_profile,
    is_active: plan.is_active,
  };
}

export function planFields(values: PlanFormValues) {
  return {
    name: values.name,
    download_kbps: mbpsToKbps(values.download_kbps),
    upload_kbps: mbpsToKbps(values.upload_kbps),
    // rupiah have no decimals: dots, commas and spaces group thousands
    price: parseNumber(values.price.replace(/[\s.,]/g, '')) ?? Number.NaN,
    router_profile: values.router_profile,
    is_active: values.is_active,
  };
}

export const planCreateForm = planText.transform((values): z.input<typeof servicePlanCreateInput> => planFields(values)).pipe(servicePlanCreateInput);

export function planEditForm(id: string) {
  return planText.transform((values): z.input<typeof servicePlanUpdateInput> => ({ id, ...planFields(values) })).pipe(servicePlanUpdateInput);
}
