/**
 * The demo ISPs' WhatsApp gateway accounts on the simulator (demo data only, like the
 * demo passwords): the seed stores these as the ISPs' encrypted settings, and the
 * simulator started by `npm start` knows them and where their status callbacks go.
 * Sinar Net uses the Cloud API with Fonnte as fallback; Parahyangan Link uses Fonnte.
 */
import type { GatewayCredentials } from './types';
import type { SimAccount } from './simulator';

export const DEMO_WA_GATEWAYS: Record<string, { primary: GatewayCredentials; fallback: GatewayCredentials | null }> = {
  'sinar-net': {
    primary: {
      kind: 'cloud',
      credentials: { phone_number_id: '100200300400', access_token: 'demo-cloud-token-sinar-net', app_secret: 'demo-app-secret-sinar-net', verify_token: 'demo-verify-sinar-net' },
    },
    fallback: { kind: 'fonnte', credentials: { token: 'demo-fonnte-sinar-net', webhook_secret: 'demo-fonnte-webhook-sinar-net' } },
  },
  'parahyangan-link': {
    primary: { kind: 'fonnte', credentials: { token: 'demo-fonnte-parahyangan', webhook_secret: 'demo-fonnte-webhook-parahyangan' } },
    fallback: null,
  },
};

/**
 * The platform's own gateway in development and e2e (WA_DEFAULT_GATEWAY under `npm start`):
 * sign-up codes and dunning reminders to ISP owners, and the ISPs without a gateway of their own.
 */
export const DEMO_PLATFORM_WA_GATEWAY = {
  kind: 'fonnte' as const,
  credentials: { token: 'demo-fonnte-platform', webhook_secret: 'demo-fonnte-webhook-platform' },
} satisfies GatewayCredentials;

/** One gateway's simulator account, its callbacks sent to RRNet's webhook route for the ISP. */
export function simAccountFor(gw: GatewayCredentials, slug: string, webBaseUrl: string): SimAccount {
  const base = webBaseUrl.replace(/\/+$/, '');
  if (gw.kind === 'cloud') {
    return {
      kind: 'cloud',
      id: gw.credentials.phone_number_id,
      access_token: gw.credentials.access_token,
      app_secret: gw.credentials.app_secret,
      callback_url: `${base}/api/v1/notifications/webhooks/cloud/${slug}`,
    };
  }
  return {
    kind: 'fonnte',
    id: gw.credentials.token,
    callback_url: `${base}/api/v1/notifications/webhooks/fonnte/${slug}?secret=${encodeURIComponent(gw.credentials.webhook_secret)}`,
  };
}

/** Every demo gateway as a simulator account. */
export function demoSimAccounts(webBaseUrl: string): SimAccount[] {
  const isps = Object.entries(DEMO_WA_GATEWAYS).flatMap(([slug, g]) => [g.primary, ...(g.fallback ? [g.fallback] : [])].map((gw) => simAccountFor(gw, slug, webBaseUrl)));
  // the platform's messages have no ISP webhook to report to
  return [...isps, { kind: 'fonnte', id: DEMO_PLATFORM_WA_GATEWAY.credentials.token, callback_url: null }];
}
