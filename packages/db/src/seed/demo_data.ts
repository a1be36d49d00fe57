import { DEFAULT_WA_TEMPLATES, WA_LANGUAGES, WA_TEMPLATE_CODES } from '@rrnet/contracts';
import type { WaLanguage, WaTemplateCode } from '@rrnet/contracts';
/**
 * The demo ISPs: two realistic Indonesian operators, one in Jakarta and one in Bandung.
 * Plain data; seed_demo.ts writes it. Logins are documented in README "Demo tenants".
 */
export const DEMO_PASSWORD = 'rrnet-demo-2026';
export const PLATFORM_ADMIN_EMAIL = 'admin@rrnet.demo';

export const SAAS_PLANS = [
  {
    code: 'starter',
    name: 'Starter',
    price_monthly: 250_000,
    max_routers: 2,
    max_customers: 300,
    max_users: 5,
    max_wa_messages_month: 2_000,
    features: ['network', 'customers', 'billing', 'isolir', 'notifications'],
  },
  {
    code: 'growth',
    name: 'Growth',
    price_monthly: 750_000,
    max_routers: 10,
    max_customers: 3_000,
    max_users: 20,
    max_wa_messages_month: 20_000,
    features: ['network', 'customers', 'billing', 'isolir', 'notifications', 'outages', 'maps', 'reports'],
  },
  {
    code: 'pro',
    name: 'Pro',
    price_monthly: 2_000_000,
    max_routers: 50,
    max_customers: 50_000,
    max_users: 100,
    max_wa_messages_month: 200_000,
    features: ['network', 'customers', 'billing', 'isolir', 'notifications', 'outages', 'maps', 'reports', 'api_access', 'payment_gateway'],
  },
] as const;

export interface DemoTenant {
  slug: string;
  name: string;
  plan: (typeof SAAS_PLANS)[number]['code'];
  emailDomain: string;
  city: string;
  center: { lat: number; lng: number };
  companyAddress: string;
  companyPhone: string;
  invoicePrefix: string;
  taxRateBp: number;
  isolirMode: 'profile' | 'disable';
  routers: { name: string; host: string }[];
  streets: string[];
  customerCount: number;
  /** features switched off for this tenant despite its plan */
  disabledFeatures: string[];
}

export const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: 'sinar-net',
    name: 'Sinar Net Jakarta',
    plan: 'growth',
    emailDomain: 'sinarnet.demo',
    city: 'Jakarta Timur',
    center: { lat: -6.2251, lng: 106.9004 },
    companyAddress: 'Jl. Raya Bekasi No. 17, Cakung, Jakarta Timur',
    companyPhone: '+62215551234',
    invoicePrefix: 'SNJ',
    taxRateBp: 1100,
    isolirMode: 'profile',
    routers: [
      { name: 'CCR-Cakung', host: '127.0.0.1' },
      { name: 'RB-Pulogadung', host: '127.0.0.1' },
    ],
    streets: ['Jl. Pulo Gebang', 'Jl. Cakung Barat', 'Jl. Penggilingan', 'Jl. Rawa Teratai', 'Gg. Masjid Al-Ikhlas', 'Jl. Bojong Indah'],
    customerCount: 40,
    disabledFeatures: [],
  },
  {
    slug: 'parahyangan-link',
    name: 'Parahyangan Link Bandung',
    plan: 'starter',
    emailDomain: 'parahyangan.demo',
    city: 'Bandung',
    center: { lat: -6.9147, lng: 107.6098 },
    companyAddress: 'Jl. Dipatiukur No. 80, Coblong, Bandung',
    companyPhone: '+62225554321',
    invoicePrefix: 'PHL',
    taxRateBp: 0,
    isolirMode: 'disable',
    routers: [
      { name: 'hEX-Dago', host: '127.0.0.1' },
      { name: 'RB-Sukajadi', host: '127.0.0.1' },
    ],
    streets: ['Jl. Dago Asri', 'Jl. Tubagus Ismail', 'Jl. Sukajadi', 'Jl. Cisitu Lama', 'Gg. Bapa Eni', 'Jl. Sekeloa'],
    customerCount: 32,
    disabledFeatures: ['notifications'],
  },
];

export const ROLE_USERS = [
  { role: 'owner', local: 'owner', name: 'Budi Santoso' },
  { role: 'admin', local: 'admin', name: 'Siti Rahmawati' },
  { role: 'billing', local: 'billing', name: 'Dewi Lestari' },
  { role: 'technician', local: 'teknisi', name: 'Agus Prasetyo' },
  { role: 'customer_service', local: 'cs', name: 'Rina Wulandari' },
  { role: 'viewer', local: 'viewer', name: 'Hendra Gunawan' },
] as const;

export const SERVICE_PLANS = [
  { name: 'Rumahan 10 Mbps', download_kbps: 10_000, upload_kbps: 5_000, price: 150_000, router_profile: 'home-10m' },
  { name: 'Keluarga 20 Mbps', download_kbps: 20_000, upload_kbps: 10_000, price: 200_000, router_profile: 'home-20m' },
  { name: 'Streaming 30 Mbps', download_kbps: 30_000, upload_kbps: 15_000, price: 275_000, router_profile: 'home-30m' },
  { name: 'Bisnis 50 Mbps', download_kbps: 50_000, upload_kbps: 25_000, price: 400_000, router_profile: 'biz-50m' },
];

export const FIRST_NAMES = [
  'Ahmad', 'Budi', 'Citra', 'Dedi', 'Eka', 'Fajar', 'Gita', 'Hadi', 'Indah', 'Joko', 'Kartika', 'Lukman',
  'Maya', 'Nur', 'Oki', 'Putri', 'Rudi', 'Sari', 'Teguh', 'Umi', 'Wahyu', 'Yanti', 'Zainal', 'Asep',
  'Cecep', 'Euis', 'Ujang', 'Neng', 'Dadang', 'Iis',
];
export const LAST_NAMES = [
  'Saputra', 'Wijaya', 'Hidayat', 'Kurniawan', 'Setiawan', 'Nugroho', 'Pratama', 'Susanto', 'Hartono',
  'Siregar', 'Nasution', 'Permana', 'Sumarna', 'Rohendi', 'Suryadi', 'Fitriani', 'Maharani', 'Anggraini',
];

/** Every template in both languages, as shipped (contracts' DEFAULT_WA_TEMPLATES); the ISP edits them later. */
export const WA_TEMPLATES: { code: WaTemplateCode; language: WaLanguage; body: string }[] = WA_TEMPLATE_CODES.flatMap((code) =>
  WA_LANGUAGES.map((language) => ({ code, language, body: DEFAULT_WA_TEMPLATES[code][language] })),
);
