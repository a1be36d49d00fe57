/**
 * The demo ISPs' Xendit accounts on the simulator (demo data only, like the demo passwords):
 * the seed stores them as the ISPs' encrypted settings, and the simulator started by
 * `npm start` knows them and sends their invoice callbacks to this web app.
 */
import type { XenditSimAccount } from './xendit_simulator';

export const DEMO_XENDIT_ACCOUNTS: Record<string, { secret_key: string; callback_token: string; merchant_name: string }> = {
  'sinar-net': { secret_key: 'xnd_development_demo_sinar_net', callback_token: 'demo-xendit-callback-sinar-net', merchant_name: 'Sinar Net Jakarta' },
  'parahyangan-link': { secret_key: 'xnd_development_demo_parahyangan', callback_token: 'demo-xendit-callback-parahyangan', merchant_name: 'Parahyangan Link' },
};

/** An ISP's callback URL on RRNet (Xendit dashboard → Callbacks → Invoices paid). */
export const xenditCallbackUrl = (webBaseUrl: string, slug: string): string => `${webBaseUrl.replace(/\/+$/, '')}/api/v1/billing/webhooks/xendit/${slug}`;

export function demoXenditSimAccounts(webBaseUrl: string): XenditSimAccount[] {
  return Object.entries(DEMO_XENDIT_ACCOUNTS).map(([slug, a]) => ({ ...a, callback_url: xenditCallbackUrl(webBaseUrl, slug) }));
}
