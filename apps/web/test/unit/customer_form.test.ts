import { describe, expect, it } from 'vitest';
import { customerCreateInput as createSchema, customerUpdateInput as updateSchema } from '@rrnet/contracts';
import type { Customer } from '@rrnet/contracts';
import { EMPTY_CUSTOMER, PII_FIELDS, customerChanges, customerCreateForm, customerEditForm, customerFormValues, toCustomerCreateInput } from '~/lib/customer_form';
import type { CustomerCreateFormValues } from '~/lib/customer_form';

const PLAN = '7d0c5f6e-2a1b-4c3d-8e9f-0a1b2c3d4e5f';
const OTHER_PLAN = '4e5f6071-8293-4a41-8d5e-6f7a8b9cadbe';
const ROUTER = '1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b';
const ODP = '2c3d4e5f-6071-4829-8b3c-4d5e6f7a8b9c';
const ID = '3d4e5f60-7182-4930-9c4d-5e6f7a8b9cad';

const customer = (over: Partial<Customer> = {}): Customer => ({
  id: ID,
  code: 'PLG-0001',
  name: 'Budi Santoso',
  phone: '+6281234567890',
  email: 'budi@example.com',
  address: 'Jl. Pulo Gebang No. 12',
  national_id: '3175012345678901',
  pii_masked: false,
  location: { lat: -6.2251, lng: 106.9004 },
  plan_id: PLAN,
  plan_name: 'Rumahan 10 Mbps',
  router_id: ROUTER,
  router_name: 'MikroTik Pusat',
  odp_id: ODP,
  odp_name: 'ODP-01',
  pppoe_username: 'budi.santoso',
  billing_day: 5,
  status: 'active',
  isolir_pending: false,
  created_at: new Date('2026-01-05T03:00:00Z'),
  updated_at: new Date('2026-01-05T03:00:00Z'),
  activated_at: new Date('2026-01-05T03:00:00Z'),
  terminated_at: null,
  anonymized_at: null,
  ...over,
});

const typed = (over: Partial<CustomerCreateFormValues>): CustomerCreateFormValues => ({ ...EMPTY_CUSTOMER, ...over });

describe('customerFormValues', () => {
  it('puts every field in the form as text', () => {
    expect(customerFormValues(customer())).toEqual({
      name: 'Budi Santoso',
      phone: '+6281234567890',
      email: 'budi@example.com',
      address: 'Jl. Pulo Gebang No. 12',
      national_id: '3175012345678901',
      plan_id: PLAN,
      router_id: ROUTER,
      odp_id: ODP,
      billing_day: '5',
      location: { lat: '-6.2251', lng: '106.9004' },
    });
  });

  it('shows missing optional data (and no location) as blanks', () => {
    const values = customerFormValues(customer({ phone: null, email: null, address: null, national_id: null, router_id: null, odp_id: null, location: null }));
    for (const key of ['phone', 'email', 'address', 'national_id', 'router_id', 'odp_id'] as const) expect(values[key], key).toBe('');
    expect(values.location).toEqual({ lat: '', lng: '' });
  });
});

describe('toCustomerCreateInput', () => {
  it('sends only what was typed: the API generates code and PPPoE username and defaults the billing day', () => {
    const input = toCustomerCreateInput(typed({ name: 'Siti Aminah', phone: '0812-3456-7890', plan_id: PLAN }));
    expect(input).toEqual({ name: 'Siti Aminah', phone: '0812-3456-7890', plan_id: PLAN });
    const parsed = createSchema.parse(input);
    // the API stores the Indonesian mobile number in international form
    expect(parsed.phone).toBe('+6281234567890');
  });

  it('treats whitespace-only optional fields as blank and trims the others', () => {
    const input = toCustomerCreateInput(
      typed({ name: 'Siti', phone: '081234567890', plan_id: PLAN, email: '   ', address: '  Jl. Melati 3 ', router_id: ' ', odp_id: ODP, billing_day: '  ', code: '  ', pppoe_username: ' ' }),
    );
    expect(input).toEqual({ name: 'Siti', phone: '081234567890', plan_id: PLAN, address: 'Jl. Melati 3', odp_id: ODP });
  });

  it('sends everything filled in, the billing day as a number and the location as coordinates', () => {
    const input = toCustomerCreateInput(
      typed({
        name: 'Budi Santoso',
        phone: '0812 3456 7890',
        email: 'Budi@Example.com',
        address: 'Jl. Pulo Gebang No. 12',
        national_id: '3175012345678901',
        plan_id: PLAN,
        router_id: ROUTER,
        odp_id: ODP,
        billing_day: '5',
        location: { lat: '-6,2251', lng: '106,9004' },
        code: 'PLG-0042',
        pppoe_username: 'budi42',
      }),
    );
    expect(input).toMatchObject({ billing_day: 5, location: { lat: -6.2251, lng: 106.9004 }, code: 'PLG-0042', pppoe_username: 'budi42' });
    expect(createSchema.safeParse(input).success).toBe(true);
  });

  it('passes a garbled billing day or half a location to the API as NaN, which names the field', () => {
    const input = toCustomerCreateInput(typed({ name: 'Siti', phone: '081234567890', plan_id: PLAN, billing_day: 'lima', location: { lat: '-6.2', lng: '' } }));
    expect(input.billing_day).toBeNaN();
    const paths = createSchema.safeParse(input).error!.issues.map((i) => i.path.join('.'));
    expect(paths.sort()).toEqual(['billing_day', 'location.lng']);
  });
});

describe('customerChanges', () => {
  it('is empty when nothing changed, whitespace edits included', () => {
    const initial = customerFormValues(customer());
    expect(customerChanges(initial, initial)).toEqual({});
    expect(customerChanges(initial, { ...initial, name: ' Budi Santoso ', billing_day: '5 ' })).toEqual({});
  });

  it('carries only the changed fields, blanks as null to clear them', () => {
    const initial = customerFormValues(customer());
    const changes = customerChanges(initial, { ...initial, email: '', router_id: '', odp_id: ' ', billing_day: '20' });
    expect(changes).toEqual({ email: null, router_id: null, odp_id: null, billing_day: 20 });
    expect(updateSchema.safeParse({ id: ID, ...changes }).success).toBe(true);
  });

  it('never sends masked personal data back as if it were the real value', () => {
    const masked = customerFormValues(customer({ pii_masked: true, phone: '+62812****7890', email: 'b***@example.com', address: 'Jl. P***', national_id: '3175********8901' }));
    const changes = customerChanges(masked, { ...masked, name: 'Budi S.', plan_id: OTHER_PLAN });
    expect(changes).toEqual({ name: 'Budi S.', plan_id: OTHER_PLAN });
    for (const field of PII_FIELDS) expect(changes).not.toHaveProperty(field);
  });

  it('sends personal data the user did change', () => {
    const initial = customerFormValues(customer());
    expect(customerChanges(initial, { ...initial, phone: '0813 1111 2222', national_id: '', address: ' Jl. Baru 1 ' })).toEqual({
      phone: '0813 1111 2222',
      national_id: null,
      address: 'Jl. Baru 1',
    });
  });

  it('sends the whole location when either coordinate moved, and null when both were cleared', () => {
    const initial = customerFormValues(customer());
    expect(customerChanges(initial, { ...initial, location: { ...initial.location, lat: '-6.3' } })).toEqual({ location: { lat: -6.3, lng: 106.9004 } });
    expect(customerChanges(initial, { ...initial, location: { ...initial.location, lng: '107,1' } })).toEqual({ location: { lat: -6.2251, lng: 107.1 } });
    expect(customerChanges(initial, { ...initial, location: { lat: '', lng: '' } })).toEqual({ location: null });
    const added = customerChanges(customerFormValues(customer({ location: null })), { ...initial });
    expect(added.location).toEqual({ lat: -6.2251, lng: 106.9004 });
  });

  it('makes a cleared billing day NaN, which the API refuses on that field', () => {
    const initial = customerFormValues(customer());
    const changes = customerChanges(initial, { ...initial, billing_day: '' });
    expect(changes.billing_day).toBeNaN();
    expect(updateSchema.safeParse({ id: ID, ...changes }).error!.issues.map((i) => i.path)).toEqual([['billing_day']]);
  });
});

describe('the form schemas (what the browser checks before sending)', () => {
  it('turns the typed text into the create input the contracts accept', () => {
    const parsed = customerCreateForm.parse(typed({ name: 'Siti Aminah', phone: '0812-3456-7890', plan_id: PLAN, billing_day: '7', location: { lat: '-6,2', lng: '106,9' } }));
    expect(parsed).toMatchObject({ name: 'Siti Aminah', phone: '+6281234567890', plan_id: PLAN, billing_day: 7, location: { lat: -6.2, lng: 106.9 } });
    expect(parsed).not.toHaveProperty('code');
  });

  it("reports the contracts' messages on the form's own field names", () => {
    const result = customerCreateForm.safeParse(typed({ name: 'S', phone: '12345', plan_id: PLAN, billing_day: '40', location: { lat: '-6.2', lng: '' } }));
    const paths = result.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['billing_day', 'location.lng', 'name', 'phone']);
    for (const path of paths) expect(path === 'location.lng' || path in EMPTY_CUSTOMER, path).toBe(true);
  });

  it('checks only what changed on edit: masked personal data left alone passes', () => {
    const masked = customerFormValues(customer({ pii_masked: true, phone: '+62812****7890', national_id: '3175********8901' }));
    const schema = customerEditForm(ID, masked);
    expect(schema.parse({ ...masked, name: 'Budi S.' })).toEqual({ id: ID, name: 'Budi S.' });
    expect(schema.safeParse({ ...masked, billing_day: '0' }).error!.issues.map((i) => i.path)).toEqual([['billing_day']]);
  });
});
