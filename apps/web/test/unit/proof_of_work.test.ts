/** The browser's side of the sign-up's proof of work, checked by the server's own rule. */
import { describe, expect, it } from 'vitest';
import { checkPow, newPowChallenge } from '@rrnet/core/saas/signup_rules';
import { slugFromName, solveProofOfWork } from '~/lib/proof_of_work';

const SECRET = 'unit-secret-0123456789-0123456789';

describe('solveProofOfWork', () => {
  it('finds a nonce the server accepts', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const c = newPowChallenge(SECRET, 12, now);
    const nonce = await solveProofOfWork(c.challenge, c.difficulty);
    expect(checkPow(SECRET, { challenge: c.challenge, signature: c.signature, nonce }, 12, now)).toBe('ok');
  });

  it('stops when asked to', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(solveProofOfWork('x'.repeat(20), 30, controller.signal)).rejects.toThrow('aborted');
  });
});

describe('slugFromName', () => {
  it('proposes an address from the ISP’s name', () => {
    expect(slugFromName('Kampung Net Jaya')).toBe('kampung-net-jaya');
    expect(slugFromName('  Café Ñet — Bandung!! ')).toBe('cafe-net-bandung');
    expect(slugFromName('x'.repeat(50))).toHaveLength(40);
    expect(slugFromName(`${'a'.repeat(39)} b`)).toBe('a'.repeat(39));
  });
});
