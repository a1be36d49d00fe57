/**
 * The field messages the schemas and the business rules give about one field (the error
 * envelope's `details` values, an import's row errors, the messages of zod issues in a
 * browser form), each written once, here. A message may name values (`{row}`): it is made
 * with `fieldMessage(key, values)`. The API answers them in English as they stand; the web
 * app reads a message back into its key and values (`parseFieldMessage`) and shows the
 * translation (messages/{id,en}/field.json, ICU, checked to hold exactly these keys with the
 * same arguments). zod-free: the browser loads it on every page; the rendering and reading
 * back are the catalogues' shared machinery (message_templates.ts).
 */
import { catalogueReader, renderTemplate } from './message_templates';
import type { ParsedMessage, TemplateValues } from './message_templates';

/** The longest custom period of a report, in days (two years and a leap day); here, beside its message. */
export const REPORT_MAX_PERIOD_DAYS = 731;

export const FIELD_MESSAGES = {
  // input hygiene and lists (validation.ts, cursors)
  invalid_character: 'Contains an invalid character (an unpaired UTF-16 surrogate)',
  unknown_field: 'Unknown field',
  start_again: 'Start again from the first page',
  idempotency_key: 'Use 8–128 letters, digits, dots, dashes, colons or underscores.',
  required: 'Required',
  change_one_field: 'Change at least one field',
  change_one_setting: 'Change at least one setting',
  day_format: 'YYYY-MM-DD',
  month_format: 'YYYY-MM',
  time_format: 'HH:MM (24 h)',
  day_list: 'Whole numbers of days separated by commas, e.g. 3, 0',
  invalid: 'Invalid',
  not_before_from: 'Must not be before from',
  bounds_order: 'min must not exceed max',
  bounds_all_or_none: 'give all four bounds or none',
  // people, sign-in, sign-up, portal
  email: 'Enter a valid e-mail address',
  password: 'Enter your password',
  password_length: 'Use at least 10 characters',
  otp_code: 'Enter the 6-digit code',
  otp_expired: 'Expired code: ask for a new one',
  signup_slug: 'Use 3–40 lower-case letters, digits and dashes, starting and ending with a letter or digit',
  unknown_isp: 'Unknown ISP',
  already_member: 'Already a member',
  already_account: 'Already has an account',
  already_your_number: 'Already your number',
  not_for_owner: 'Not for an owner',
  unknown_user: 'Unknown user',
  unknown_role: 'Unknown role',
  role_choice: 'Choose a built-in role or a custom role, not both',
  grant_permission: 'Grant at least one permission',
  unknown_permission: 'Unknown permission',
  platform_permission: 'A role of an ISP cannot grant platform permissions',
  listed_twice: 'Listed twice',
  // names and codes
  already_used: 'Already used',
  already_taken: 'Already taken',
  already_in_use: 'Already in use',
  capitals_digits: 'Use capital letters and digits',
  plan_code: 'lowercase letters, digits, - and _ (2–32)',
  table_name: 'A table name',
  from_1970: 'From 1970 on',
  // customers and import
  mobile_phone: 'Enter a mobile number like 0812 3456 7890',
  phone: 'Enter a phone number like 0812 3456 7890 or 021 555 1234',
  national_id: 'A national id (NIK) has 16 digits',
  router_profile: 'Letters, digits, dot, dash, underscore',
  search_min: 'Type at least 3 characters',
  unknown_customer: 'Unknown customer',
  unknown_plan: 'Unknown plan',
  inactive_plan: 'Inactive plan',
  current_plan: 'Current plan',
  file_empty: 'The file is empty',
  file_too_large: 'The file is larger than 2 MB',
  not_csv: 'Not a CSV file',
  empty: 'Empty',
  too_many_rows: 'Too many rows',
  // network
  unknown_router: 'Unknown router',
  unknown_node: 'Unknown node',
  unknown_odp: 'Unknown ODP',
  choose_other_node: 'Choose another node',
  choose_odp: 'Choose an ODP',
  choose_olt: 'Choose an OLT',
  choose_odc: 'Choose an ODC',
  olt_no_parent: 'An OLT has no parent',
  full: 'Full',
  router_or_node: 'Choose a router or a topology node',
  host: 'Enter a host name or IP address',
  router_password: 'Enter the router password',
  pem_length: 'At most 20 000 characters',
  pem_paste: 'Paste a PEM certificate (-----BEGIN CERTIFICATE----- …)',
  pem_invalid: 'Not a valid PEM certificate',
  pem_expired: 'Expired certificate',
  tls_required: 'Required outside this machine unless the router uses the tunnel',
  // billing, notifications, reports
  positive_rupiah: 'Positive whole rupiah',
  not_configured: 'Not configured',
  gateway_json: 'must be JSON: {"kind":"cloud"|"fonnte","credentials":{…}}',
  custom_period: 'Required for a custom period',
  report_period_max: 'At most {max_days} days',
  template_variables: 'Not a variable of this template: {unknown}; allowed: {allowed}',
  // a customer import's rows
  unknown_column: 'Unknown column; use: {columns}',
  required_column: 'Required column is missing',
  no_plan_named: 'No plan named “{name}”',
  no_router_named: 'No router named “{name}”',
  no_odp_named: 'No ODP named “{name}”',
  used_by_customer: 'Already used by a customer',
  same_code_as_row: 'Same code as row {row}',
  same_username_as_row: 'Same username as row {row}',
  odp_full: 'The ODP is full',
  // state machines: the status a change was refused from (and, for a payment, the invoice's)
  customer_not_from: 'Not allowed while the customer is {from}',
  invoice_not_from: 'Not allowed while the invoice is {from}',
  export_not_from: 'Not allowed while the export is {from}',
  ticket_not_from: 'Not allowed while the ticket is {from}',
  outage_not_from: 'Not allowed while the outage is {from}',
  invoice_is: 'The invoice is {status}',
  // limits and amounts
  at_least: 'At least {count}',
  at_most_amount: 'At most {amount}',
  plan_allows: 'Uses {used}; the plan allows {max}',
  code_tries_left: 'Wrong code; tries left: {count}',
  // the ISP's logo
  logo_not_base64: 'Not an image: send the file as base64.',
  logo_too_large: 'The logo is {size_kb} KB; at most {max_kb} KB.',
  logo_markup: 'SVG and other markup are not accepted: upload a PNG, JPEG or WebP.',
  logo_not_image: 'Not a PNG, JPEG or WebP image.',
  logo_type_mismatch: 'The file is {type}, not {declared}.',
} as const;

export type FieldMessageKey = keyof typeof FIELD_MESSAGES;
export type FieldMessageValues<K extends FieldMessageKey> = TemplateValues<(typeof FIELD_MESSAGES)[K]>;

/** A message with its values filled in: fieldMessage('same_code_as_row', { row: 4 }). */
export function fieldMessage<K extends FieldMessageKey>(key: K, values: FieldMessageValues<K>): string {
  return renderTemplate(FIELD_MESSAGES[key], values);
}

const readFieldMessage = catalogueReader(FIELD_MESSAGES);

/** A message written above read back into its key and values, or null (a message from elsewhere: shown as it is). */
export function parseFieldMessage(message: string): ParsedMessage<FieldMessageKey> | null {
  return readFieldMessage(message);
}
