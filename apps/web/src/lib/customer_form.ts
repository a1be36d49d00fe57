/**
 * Customer form state (strings while typing) and its translation to the API: the create
 * input leaves blank optional fields out (the API generates code and PPPoE username),
 * the update input carries only the fields that changed (so masked personal data is
 * never sent back as if it were the real value).
 */
import type { Customer, CustomerCreateInput } from '@rrnet/contracts';
import { blankToNull, locationText, parseNumber, toLocation } from './form_values';

export interface CustomerFormValues {
  name: string;
  phone: string;
  email: string;
  address: string;
  national_id: string;
  plan_id: string;
  router_id: string;
  odp_id: string;
  billing_day: string;
  lat: string;
  lng: string;
}

export const EMPTY_CUSTOMER: CustomerFormValues = {
  name: '',
  phone: '',
  email: '',
  address: '',
  national_id: '',
  plan_id: '',
  router_id: '',
  odp_id: '',
  billing_day: '',
  lat: '',
  lng: '',
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
    ...locationText(customer.location),
  };
}

const billingDay = (value: string) => parseNumber(value) ?? Number.NaN;

export function customerCreateInput(values: CustomerFormValues, extra: { code: string; pppoe_username: string }): CustomerCreateInput {
  const location = toLocation(values.lat, values.lng);
  const optional = (key: 'email' | 'address' | 'national_id' | 'router_id' | 'odp_id') => {
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
    ...(extra.code.trim() ? { code: extra.code } : {}),
    ...(extra.pppoe_username.trim() ? { pppoe_username: extra.pppoe_username } : {}),
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
  const changed = (key: keyof CustomerFormValues) => values[key].trim() !== initial[key].trim();
  if (changed('name')) changes.name = values.name;
  if (changed('phone')) changes.phone = values.phone;
  if (changed('email')) changes.email = blankToNull(values.email);
  if (changed('address')) changes.address = blankToNull(values.address);
  if (changed('national_id')) changes.national_id = blankToNull(values.national_id);
  if (changed('plan_id')) changes.plan_id = values.plan_id;
  if (changed('router_id')) changes.router_id = blankToNull(values.router_id);
  if (changed('odp_id')) changes.odp_id = blankToNull(values.odp_id);
  if (changed('billing_day')) changes.billing_day = billingDay(values.billing_day);
  if (changed('lat') || changed('lng')) changes.location = toLocation(values.lat, values.lng);
  return changes;
}
