/**
 * The ISP's logo (served by /api/v1/admin/logos/{tenant}, cacheable) or, without one, its initials:
 * the portal header, the operator's sidebar and the printed invoice use the same mark.
 */
import { cn } from '@rrnet/ui/cn';

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function IspLogo({ name, url, className }: { name: string; url: string | null; className?: string }) {
  return url ? (
    // eslint-disable-next-line @next/next/no-img-element -- a small served image; next/image would re-encode what the ETag already caches
    <img src={url} alt="" className={cn('size-10 shrink-0 rounded-lg bg-white object-contain', className)} data-testid="isp-logo" />
  ) : (
    <span aria-hidden className={cn('grid size-10 shrink-0 place-items-center rounded-lg bg-white text-base font-extrabold text-sidebar', className)} data-testid="isp-initials">
      {initialsOf(name)}
    </span>
  );
}
