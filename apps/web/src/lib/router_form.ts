/** Router form state (strings while typing) and its translation to the API's fields. */
import type { Router } from '@rrnet/contracts';
import { blankToNull, locationText, parseNumber, toLocation } from './form_values';

/** RouterOS REST: HTTPS on 443, plain HTTP on 80 */
export const DEFAULT_ROUTER_PORT = { tls: '443', plain: '80' } as const;

export interface RouterFormValues {
  name: string;
  host: string;
  port: string;
  use_tls: boolean;
  username: string;
  password: string;
  address: string;
  lat: string;
  lng: string;
}

export const EMPTY_ROUTER: RouterFormValues = {
  name: '',
  host: '',
  port: DEFAULT_ROUTER_PORT.tls,
  use_tls: true,
  username: '',
  password: '',
  address: '',
  lat: '',
  lng: '',
};

/** The form values as the API's router fields (password left to the caller). */
export function routerFields(values: RouterFormValues) {
  return {
    name: values.name,
    host: values.host,
    port: parseNumber(values.port) ?? Number.NaN,
    use_tls: values.use_tls,
    username: values.username,
    address: blankToNull(values.address),
    location: toLocation(values.lat, values.lng),
  };
}

/** A stored router as form values (the password is never returned: blank keeps it). */
export function routerFormValues(router: Router): RouterFormValues {
  return {
    name: router.name,
    host: router.host,
    port: String(router.port),
    use_tls: router.use_tls,
    username: router.username,
    password: '',
    address: router.address ?? '',
    ...locationText(router.location),
  };
}
