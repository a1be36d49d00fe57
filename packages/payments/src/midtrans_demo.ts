/**
 * The platform's own Midtrans account on the simulator: RRNet is paid its SaaS invoices through
 * its own merchant account, whose Payment Notification URL is the platform's webhook.
 */
import type { MidtransSimAccount } from './midtrans_simulator';

/** The platform's notification URL on RRNet (Midtrans dashboard → Settings → Payment → Notification URL). */
export const platformMidtransNotificationUrl = (webBaseUrl: string): string => `${webBaseUrl.replace(/\/+$/, '')}/api/v1/platform/webhooks/midtrans`;

/** An ISP's notification URL on RRNet. */
export const midtransNotificationUrl = (webBaseUrl: string, slug: string): string => `${webBaseUrl.replace(/\/+$/, '')}/api/v1/billing/webhooks/midtrans/${slug}`;

export function platformMidtransSimAccount(webBaseUrl: string, serverKey: string): MidtransSimAccount {
  return { server_key: serverKey, notification_url: platformMidtransNotificationUrl(webBaseUrl), merchant_name: 'RRNet' };
}
