/**
 * UI strings in Bahasa Indonesia (default) and English. `id` is the source of truth for
 * keys; TypeScript makes `en` complete.
 */
const ID = {
  'app.name': 'RRNet',
  'app.tagline': 'Manajemen ISP: router, pelanggan, tagihan, isolir',
  'nav.dashboard': 'Dasbor',
  'nav.section.operations': 'Operasional',
  'nav.section.system': 'Sistem',
  'nav.system_status': 'Status sistem',
  'shell.language': 'Bahasa',
  'shell.skip_to_content': 'Lewati ke konten',
  'dashboard.title': 'Dasbor',
  'dashboard.welcome': 'Selamat datang di RRNet.',
  'dashboard.today': 'Hari ini',
  'status.title': 'Status sistem',
  'status.ready': 'Semua layanan siap',
  'status.not_ready': 'Ada layanan yang tidak tersedia',
  'status.component.postgres': 'Basis data (PostgreSQL)',
  'status.component.redis': 'Cache & batas laju (Redis)',
  'status.component.worker': 'Pekerja latar (worker)',
  'status.ok': 'Siap',
  'status.down': 'Gangguan',
  'status.loading': 'Memeriksa…',
  'status.error': 'Status tidak dapat dimuat',
  'status.refresh': 'Periksa ulang',
  'status.latency': 'Latensi',
} as const;

export type MessageKey = keyof typeof ID;

const EN: Record<MessageKey, string> = {
  'app.name': 'RRNet',
  'app.tagline': 'ISP management: routers, customers, billing, isolation',
  'nav.dashboard': 'Dashboard',
  'nav.section.operations': 'Operations',
  'nav.section.system': 'System',
  'nav.system_status': 'System status',
  'shell.language': 'Language',
  'shell.skip_to_content': 'Skip to content',
  'dashboard.title': 'Dashboard',
  'dashboard.welcome': 'Welcome to RRNet.',
  'dashboard.today': 'Today',
  'status.title': 'System status',
  'status.ready': 'All services ready',
  'status.not_ready': 'Some services are unavailable',
  'status.component.postgres': 'Database (PostgreSQL)',
  'status.component.redis': 'Cache & rate limits (Redis)',
  'status.component.worker': 'Background worker',
  'status.ok': 'Ready',
  'status.down': 'Down',
  'status.loading': 'Checking…',
  'status.error': 'Status could not be loaded',
  'status.refresh': 'Check again',
  'status.latency': 'Latency',
};

export const MESSAGES = { id: ID as Record<MessageKey, string>, en: EN };
