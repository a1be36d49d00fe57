/**
 * The router form: its values (text while typing; the position as `location.lat` /
 * `location.lng`, the API's paths) and the schemas it is checked with: the text turned
 * into the API's router fields, then the contracts' create or update schema.
 */
import { z } from 'zod';
import { routerCreateInput, routerUpdateInput } from '@rrnet/contracts';
import type { Router, RouterCreateInput } from '@rrnet/contracts';
import { blankToNull, locationText, locationTextSchema, parseNumber, toLocation } from './form_values';

/** RouterOS REST: HTTPS on 443, plain HTTP on 80 */
export const DEFAULT_ROUTER_PORT = { tls: '443', plain: '80' } as const;

const routerText = z.object({
  name: z.string(),
  host: z.string(),
  port: z.string(),
  use_tls: z.boolean(),
  /** the router's own CA (or self-signed certificate), PEM; blank: the public CAs */
  tls_ca_pem: z.string(),
  username: z.string(),
  password: z.string(),
  address: z.string(),
  location: locationTextSchema,
});
export type RouterFormValues = z.infer<typeof routerText>;

export const EMPTY_ROUTER: RouterFormValues = {
  name: '',
  host: '',
  port: DEFAULT_ROUTER_PORT.tls,
  use_tls: true,
  tls_ca_pem: '',
  username: '',
  password: '',
  address: '',
  location: { lat: '', lng: '' },
};

/** The form values as the API's router fields (password left to the caller). */
export function routerFields(values: RouterFormValues) {
  return {
    name: values.name,
    host: values.host,
    port: parseNumber(values.port) ?? Number.NaN,
    use_tls: values.use_tls,
    // only HTTPS has a certificate to verify
    tls_ca_pem: values.use_tls ? blankToNull(values.tls_ca_pem) : null,
    username: values.username,
    address: blankToNull(values.address),
    location: toLocation(values.location.lat, values.location.lng),
  };
}

/** A stored router as form values (the password is never returned: blank keeps it). */
export function routerFormValues(router: Router): RouterFormValues {
  return {
    name: router.name,
    host: router.host,
    port: String(router.port),
    use_tls: router.use_tls,
    tls_ca_pem: router.tls_ca_pem ?? '',
    username: router.username,
    password: '',
    address: router.address ?? '',
    location: locationText(router.location),
  };
}

/** "Add router": every field, the password required. */
export const routerCreateForm = routerText.transform((values): RouterCreateInput => ({ ...routerFields(values), password: values.password })).pipe(routerCreateInput);

/** A router's edit form: a blank password keeps the stored one. */
export function routerEditForm(id: string) {
  return routerText
    .transform((values): z.input<typeof routerUpdateInput> => ({ id, ...routerFields(values), ...(values.password ? { password: values.password } : {}) }))
    .pipe(routerUpdateInput);
}
