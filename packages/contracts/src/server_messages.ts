/**
 * The messages of the server's refusals (the error envelope's `message`, what an `AppError`
 * says beyond its code), each written once, here, in English. A message may name values
 * (`{number}`): it is made with `serverMessage(key, values)`, one without values with
 * `serverMessage(key)`. The API answers them in English as they stand; the web app reads a
 * message back into its key and values (`parseServerMessage`) and shows the translation
 * (messages/{id,en}/server.json, ICU, checked to hold exactly these keys with the same
 * arguments). Text from elsewhere (an upstream gateway's error) is a value, never part of
 * a key. The generic text of a code (DEFAULT_ERROR_MESSAGES) is not repeated here: an
 * AppError without a message says it. zod-free: the browser loads it.
 */
import { catalogueReader, renderTemplate } from './message_templates';
import type { NamesOf, ParsedMessage, TemplateValues } from './message_templates';

export const SERVER_MESSAGES = {
  // sign-in and sessions (auth's session service, the web's session)
  session_ended: 'Your session has ended. Please sign in again.',
  session_expired: 'Your session has expired.',
  sign_in_first: 'Sign in first.',
  sign_in_attempts: 'Too many sign-in attempts. Please wait before trying again.',
  sign_in_wrong: 'The e-mail or password is wrong.',
  not_member: 'You are not a member of that ISP.',
  not_active_member: 'You are not an active member of that ISP.',
  not_owner: 'You are not the owner of that ISP.',
  no_isp_yet: 'Your account is not attached to any ISP yet.',
  isp_suspended: 'This ISP account is suspended. Contact RRNet support.',
  session_not_found: 'Session not found.',
  switch_isp_users_only: 'Only signed-in users can switch ISP.',
  token_other_client: 'This token belongs to another client.',
  session_other_browser: 'This session belongs to another browser.',
  api_key_invalid: 'The API key is not valid.',
  api_key_no_session: 'API keys have no session to end.',
  api_key_no_sessions: 'API keys have no sessions.',
  // the API's chain: authenticate, tenant, rate limits, RBAC, plan limits, idempotency, overload
  sign_in_or_token: 'Sign in, or send an access token or API key.',
  portal_sign_in: 'Sign in to the portal with the code sent to your WhatsApp.',
  platform_admins_only: 'Platform administrators only.',
  no_permission_declared: 'This operation declares no permission.',
  choose_isp: 'Choose an ISP to work in first.',
  isp_gone: 'Your ISP account no longer exists.',
  isp_suspended_unpaid: 'This ISP account is suspended for unpaid RRNet invoices and is read-only until they are paid.',
  subscription_past_due: 'Your RRNet subscription is past due: pay the open RRNet invoice to add customers or routers again.',
  plan_limit: 'Your plan allows {max} {limit}. Upgrade to add more.',
  rejected_notifications: 'Too many rejected notifications from this address. Please wait and try again.',
  signup_attempts: 'Too many sign-up attempts from this address. Please wait and try again.',
  idempotency_key_reused: 'This Idempotency-Key was already used for a different request.',
  database_unavailable: 'The database cannot be reached right now. Please try again in a moment.',
  server_busy: 'The server is busy right now. Please try again in a moment.',
  // callbacks of payment gateways and WhatsApp providers
  callback_not_accepted: '{call} not accepted: {reason}.',
  unknown_message_id: 'Unknown message id for now; try again later.',
  webhook_unknown_isp: 'Unknown ISP in the webhook URL.',
  webhook_refused: 'Webhook verification refused.',
  notification_unknown_isp: 'Unknown ISP in the notification URL.',
  callback_unknown_isp: 'Unknown ISP in the callback URL.',
  // lists
  invalid_list_cursor: 'The page cursor is not valid for this list.',
  // the ISP's administration: users, roles, API keys, settings, support access
  user_not_found: 'User not found.',
  already_user: 'This person is already a user of this ISP.',
  owner_has_all: 'An owner holds every permission. Give them a role other than owner first.',
  last_owner: 'An ISP needs at least one active owner.',
  disable_self: 'You cannot disable your own account.',
  not_isp_user: 'Not a user of this ISP.',
  role_not_found: 'Role not found.',
  role_name_taken: 'A role with this name already exists.',
  role_permissions: 'A role cannot grant permissions you do not have.',
  role_held: 'Members still hold this role. Give them another role first.',
  api_key_permissions: 'A key cannot have permissions you do not have.',
  api_key_name_taken: 'An API key with this name already exists.',
  api_key_not_found: 'API key not found or already revoked.',
  settings_missing: 'Settings have not been created for this ISP.',
  no_settings_yet: 'This ISP has no settings yet.',
  support_grant_not_found: 'No such support access grant.',
  support_access_ended: 'This support access has already ended.',
  no_support_access: 'This ISP has not granted RRNet support access, or it has ended. Ask the ISP to grant it in its settings.',
  // the platform: ISPs, dead letters, jobs
  isp_not_found: 'ISP not found.',
  isp_status: 'The ISP is {status}.',
  dead_letter_not_found: 'Dead-letter job not found.',
  dead_letter_not_waiting: 'This job is not waiting in the dead-letter queue.',
  dead_letter_unknown_task: 'Unknown task {task}; it cannot be retried.',
  job_payload_invalid: 'Invalid payload for job {job}',
  // customers, service plans, isolir
  customer_not_found: 'Customer not found.',
  customer_code_taken: 'This customer code is already used.',
  pppoe_username_taken: 'This PPPoE username is already used.',
  customer_transition: 'A {from} customer cannot become {to} here.',
  customer_transition_isolir: 'A {from} customer cannot become {to} here. Isolation and restore belong to the isolir actions.',
  customer_anonymised: 'This customer was anonymised.',
  customer_anonymised_unchangeable: 'This customer was anonymised and cannot be changed.',
  anonymise_terminated_only: 'Only a terminated customer can be anonymised. Terminate the service first.',
  customer_plan_missing: 'The service plan does not exist.',
  plan_not_found: 'Service plan not found.',
  plan_name_taken: 'A plan with this name already exists.',
  isolation_on_its_way: 'An isolation is already on its way to the router.',
  customer_not_isolatable: 'A {status} customer cannot be isolated.',
  customer_not_isolated: 'This customer is not isolated.',
  // a customer import
  import_not_found: 'Import not found.',
  import_not_csv: 'The file is not valid CSV: {error}',
  import_empty: 'The file is empty.',
  import_too_many_rows: 'At most {max} rows per file; this one has {rows}.',
  import_plan_limit: 'Your plan allows {max} customers; {used} exist and the file adds {count}. Upgrade or import fewer rows.',
  // routers, tunnels, topology
  router_not_found: 'Router not found.',
  router_missing: 'The router does not exist.',
  router_name_taken: 'A router with this name already exists.',
  router_has_customers: '{count} customers are still on this router. Move them to another router first.',
  router_no_answer: 'The router did not answer: {error}',
  router_plain_http:
    "This router cannot be used as configured: plain http to a router is refused in production: turn on HTTPS (with the router's CA certificate) or connect it through the tunnel.",
  ca_unreadable: 'The CA certificate could not be read.',
  ca_expired: 'The CA certificate expired on {day}.',
  tunnels_not_configured: 'Router tunnels are not configured on this platform (TUNNEL_ENDPOINT, TUNNEL_PUBLIC_KEY).',
  tunnel_block_full: "The ISP's tunnel block {block} is full.",
  tunnel_address_race: 'Another router of this ISP was given that tunnel address at the same moment; try again.',
  no_tunnel_block: 'No tunnel block is free on this platform.',
  node_not_found: 'Topology node not found.',
  node_name_taken: 'A node with this name already exists.',
  node_own_parent: 'A node cannot be its own parent.',
  node_parent_missing: 'The parent node does not exist.',
  node_parent_kind: 'An {kind} connects to an {parent}.',
  node_no_parent: 'An {kind} connects to no parent.',
  node_needs_kind: 'An {kind} needs its {parent}.',
  node_needs_parent: 'An {kind} needs its parent.',
  node_capacity_used: '{count} are already connected.',
  odp_has_customers: '{count} customers are connected to this ODP. Move them first.',
  node_has_children: '{count} nodes are connected below this one. Remove or move them first.',
  odp_missing: 'The ODP does not exist.',
  attach_to_odp: 'Customers attach to an ODP.',
  node_full: '{node} is full ({capacity} ports).',
  // WhatsApp notifications
  template_variables: 'The template uses variables it cannot have.',
  message_not_found: 'Message not found.',
  retry_failed_only: 'Only a failed message can be retried (this one is {status}).',
  test_message_not_queued: 'The test message was not queued (notifications are off for this ISP, or it was already sent).',
  // billing: invoices, payments, payment links
  invoice_not_found: 'Invoice not found.',
  invoice_transition: 'A {from} invoice cannot become {to}.',
  invoice_not_open: 'Invoice {number} is {status}.',
  invoice_not_owed: 'Invoice {number} is {status}; nothing is owed on it.',
  invoice_has_payments: 'This invoice has payments. Void the payments first, then the invoice.',
  billing_day_format: 'The billing day must be YYYY-MM-DD.',
  payment_not_found: 'Payment not found.',
  payment_positive: 'A payment is a positive whole amount.',
  payment_over_owed: 'The amount is more than the {outstanding} still owed on {number}.',
  receipt_recorded: 'Receipt {receipt} is already recorded.',
  payment_invoice_void: 'The invoice of this payment is void.',
  payment_void_over_paid: 'A payment of {amount} is more than the {paid} paid on this invoice.',
  payment_already_voided: 'This payment is already voided.',
  midtrans_key_first: 'Set the Midtrans server key first.',
  xendit_keys_first: 'Set the Xendit secret key and callback token first.',
  midtrans_key_missing: 'Set the Midtrans server key in billing settings first.',
  xendit_key_missing: 'Set the Xendit secret key in billing settings first.',
  midtrans_no_answer: 'Midtrans did not answer: {error}',
  midtrans_refused: 'Midtrans refused the payment link: {error}',
  xendit_key_refused: 'Xendit refused the secret key: check it in billing settings.',
  xendit_refused: 'Xendit refused the payment link: {error}',
  xendit_failed: 'Xendit could not make the payment link: {error}',
  // RRNet's own plans, subscriptions and invoices
  saas_plan_not_found: 'Plan not found.',
  saas_plan_code_taken: 'A plan with this code exists.',
  no_subscription: 'This ISP has no current subscription.',
  no_rrnet_subscription: 'This ISP has no current RRNet subscription.',
  plan_withdrawn: 'This plan is no longer offered.',
  plan_current: 'The ISP is already on this plan.',
  plan_too_small: 'The ISP uses more than the {plan} plan allows: {excesses}.',
  trial_only: 'The subscription is already paid for: only a trial can be started early.',
  saas_invoice_not_found: 'SaaS invoice not found.',
  saas_invoice_not_payable: 'This invoice is {status}; only an open invoice can be paid.',
  saas_online_payment_off: 'Online payment of RRNet invoices is not available: pay by bank transfer and RRNet records it.',
  // sign-up
  signup_unavailable: 'Sign-up is not available right now.',
  signup_unavailable_moment: 'Sign-up is not available right now. Please try again in a moment.',
  signup_slug_taken: 'This address is already taken. Choose another.',
  signup_slug_refused: 'This address cannot be used.',
  signup_email_taken: 'An RRNet account with this e-mail already exists. Sign in instead.',
  signup_no_email: 'Codes cannot be sent by e-mail here. Choose WhatsApp.',
  signup_no_whatsapp: 'Codes cannot be sent by WhatsApp right now. Please try again later.',
  signup_email_limit: 'Too many codes were sent to this e-mail address. Try again later.',
  signup_number_limit: 'Too many codes were sent to this number. Try again later.',
  signup_email_failed: 'The e-mail with the code could not be sent. Your sign-up is kept: ask for the code again in a moment.',
  signup_whatsapp_failed: 'The WhatsApp code could not be sent. Your sign-up is kept: ask for the code again in a moment.',
  signup_browser_check: 'The browser check failed. Reload the page and try again.',
  signup_not_found: 'Sign-up not found. Start again.',
  signup_complete: 'This sign-up is already complete. Sign in instead.',
  signup_expired: 'This sign-up has expired. Start the sign-up again.',
  signup_locked: 'Too many wrong codes. Start the sign-up again.',
  signup_resends_used: 'No more codes can be sent for this sign-up. Start the sign-up again.',
  signup_wait: 'Wait {seconds} s before asking for another code.',
  signup_code_wrong: 'The code is wrong. {left} attempts left.',
  signup_code_wrong_last: 'The code is wrong. 1 attempt left.',
  signup_code_wrong_none: 'The code is wrong. No attempts left: start the sign-up again.',
  signup_code_expired: 'The code has expired. Start the sign-up again.',
  signup_code_used: 'This code was already used. Sign in instead.',
  // reports
  export_not_found: 'No such export (or it has expired).',
  export_not_ready: 'The export is not ready yet.',
  export_transition: 'A {from} export cannot become {to}.',
  // tickets and outages
  ticket_not_found: 'Ticket not found.',
  ticket_transition: 'A ticket that is {from} cannot become {to}.',
  outage_not_found: 'Outage not found.',
  outage_transition: 'An outage that is {from} cannot become {to}.',
  outage_closed: 'A {status} outage cannot be changed.',
  resolve_outage_first: 'Resolve the outage first.',
  // the subscriber portal
  portal_not_here: 'This ISP has no portal here.',
  portal_code_limit: 'Too many codes were sent to this number. Please wait a few minutes.',
  portal_code_unsendable: 'The code cannot be sent by WhatsApp right now. Please contact your ISP.',
  portal_code_unavailable: 'Sign-in by WhatsApp code is not available for this ISP right now.',
  portal_code_wrong: 'That code is not right.',
  portal_code_expired: 'The code has expired or was already used. Ask for a new one.',
  portal_same_number: 'This is already your number.',
} as const;

export type ServerMessageKey = keyof typeof SERVER_MESSAGES;
export type ServerMessageValues<K extends ServerMessageKey> = TemplateValues<(typeof SERVER_MESSAGES)[K]>;
/** The values argument of a key: none for a message without values, else one per name. */
type ValuesArgument<K extends ServerMessageKey> = [NamesOf<(typeof SERVER_MESSAGES)[K]>] extends [never] ? [] : [values: ServerMessageValues<K>];

/** A message with its values filled in: serverMessage('invoice_not_open', { number, status }), serverMessage('customer_not_found'). */
export function serverMessage<K extends ServerMessageKey>(key: K, ...values: ValuesArgument<K>): string {
  return renderTemplate(SERVER_MESSAGES[key], values[0] ?? {});
}

const readServerMessage = catalogueReader(SERVER_MESSAGES);

/** A message written above read back into its key and values, or null (a message from elsewhere, e.g. an older server: shown as it is). */
export function parseServerMessage(message: string): ParsedMessage<ServerMessageKey> | null {
  return readServerMessage(message);
}
