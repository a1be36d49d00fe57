/**
 * The customer form: its values (text while typing, the position as `location.lat` /
 * `location.lng`, so field names are the API's paths and the server's `details` land on
 * them) and the schemas the form is checked with: the text turned into the API's input,
 * then the contracts' own schema. The create input leaves blank optional fields out (the
 * API generates code and PPPoE username); the update input carries only the fields that
 * changed (so masked personal data is never sent back as if it were the real value).
 */
import { z } from 'zod';
import { customerCreateInput, customerUpdateInput } from '@rrnet/contracts';
import type { Customer, CustomerCreateInput } from '@rrnet/contracts';
import { blankToNull, locationText, locationTextSchema, parseNumber, toLocation } from './form_values';

const customerText = z.object({
  name: z.string(),
  phone: z.string(),
  email: z.string(),
  address: z.string(),
  national_id: z.string(),
  plan_id: z.string(),
  router_id: z.string(),
  odp_id: z.string(),
  billing_day: z.string(),
  location: locationTextSchema,
});
export type CustomerFormValues = z.infer<typeof customerText>;

const customerCreateText = customerText.extend({ code: z.string(), pppoe_username: z.string() });
export type CustomerCreateFormValues = z.infer<typeof customerCreateText>;

export const EMPTY_CUSTOMER: CustomerCreateFormValues = {
  name: '',
  phone: '',
  email: '',
  address: '',
  national_id: '',
  plan_id: '',
  router_id: '',
  odp_id: '',
  billing_day: '',
  location: { lat: '', lng: '' },
  code: '',
  pppoe_username: '',
};

/** Personal data: masked for roles without customers.pii.read. */
export const PII_FIELDS = ['phone', 'email', 'address', 'national_id'] as const;

export function customerFormValues(customer: Customer): CustomerFormValues {
  return {
    name: customer.name,
    phone: customer.phone ?? '',
    email: customer.email ?? '',
    address: customer.address ?? '',
    national_id: customer.national_id ?? '',
    plan_id: customer.plan_id,
    router_id: customer.router_id ?? '',
    odp_id: customer.odp_id ?? '',
    billing_day: String(customer.billing_day),
    location: locationText(customer.location),
  };
}

const billingDay = (value: string) => parseNumber(value) ?? Number.NaN;

export function toCustomerCreateInput(values: CustomerCreateFormValues): CustomerCreateInput {
  const location = toLocation(values.location.lat, values.location.lng);
  const optional = (key: 'email' | 'address' | 'national_id' | 'router_id' | 'odp_id' | 'code' | 'pppoe_username') => {
    const value = blankToNull(values[key]);
    return value === null ? {} : { [key]: value };
  };
  return {
    name: values.name,
    phone: values.phone,
    plan_id: values.plan_id,
    ...optional('email'),
    ...optional('address'),
    ...optional('national_id'),
    ...optional('router_id'),
    ...optional('odp_id'),
    ...(values.billing_day.trim() ? { billing_day: billingDay(values.billing_day) } : {}),
    ...(location ? { location } : {}),
    ...optional('code'),
    ...optional('pppoe_username'),
  };
}

/** The changed fields only; null clears an optional field. */
export function customerChanges(initial: CustomerFormValues, values: CustomerFormValues) {
  const changes: {
    name?: string;
    phone?: string;
    email?: string | null;
    address?: string | null;
    national_id?: string | null;
    plan_id?: string;
    router_id?: string | null;
    odp_id?: string | null;
    billing_day?: number;
    location?: ReturnType<typeof toLocation>;
  } = {};
  const changed = (a: string, b: string) => a.trim() !== b.trim();
  const field = (key: Exclude<keyof CustomerFormValues, 'location'>) => changed(values[key], initial[key]);
  if (field('name')) changes.name = values.name;
  if (field('phone')) changes.phone = values.phone;
  if (field('email')) changes.email = blankToNull(values.email);
  if (field('address')) changes.address = blankToNull(values.address);
  if (field('national_id')) changes.national_id = blankToNull(values.national_id);
  if (field('plan_id')) changes.plan_id = values.plan_id;
  if (field('router_id')) changes.router_id = blankToNull(values.router_id);
  if (field('odp_id')) changes.odp_id = blankToNull(values.odp_id);
  if (field('billing_day')) changes.billing_day = billingDay(values.billing_day);
  if (changed(values.location.lat, initial.location.lat) || changed(values.location.lng, initial.location.lng)) {
    changes.location = toLocation(values.location.lat, values.location.lng);
  }
  return changes;
}

/** "New customer": the typed text → the create input → the contracts' schema. */
export const customerCreateForm = customerCreateText.transform(toCustomerCreateInput).pipe(customerCreateInput);

/** A customer's edit form: the changes against what was loaded → the contracts' update schema. */
export function customerEditForm(id: string, initial: CustomerFormValues) {
  return customerText.transform((values) => ({ id, ...customerChanges(initial, values) })).pipe(customerUpdateInput);
}
