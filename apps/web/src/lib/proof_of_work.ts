/**
 * The sign-up's proof of work in the browser: find a nonce so that sha256(challenge + nonce)
 * starts with `difficulty` zero bits (core/saas/signup_rules.ts checks it). Hashes with
 * crypto.subtle in parallel batches, so the page stays responsive while it works.
 */
const BATCH = 256;

function zeroBits(digest: ArrayBuffer): number {
  const bytes = new Uint8Array(digest);
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export async function solveProofOfWork(challenge: string, difficulty: number, signal?: AbortSignal): Promise<string> {
  const encoder = new TextEncoder();
  for (let start = 0; ; start += BATCH) {
    if (signal?.aborted) throw new Error('aborted');
    const nonces = Array.from({ length: BATCH }, (_, i) => (start + i).toString(36));
    const digests = await Promise.all(nonces.map((n) => crypto.subtle.digest('SHA-256', encoder.encode(challenge + n))));
    const hit = digests.findIndex((d) => zeroBits(d) >= difficulty);
    if (hit >= 0) return nonces[hit]!;
  }
}

/** A slug proposed from the ISP's name: "Kampung Net Jaya" → "kampung-net-jaya". */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}
