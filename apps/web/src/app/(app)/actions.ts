'use server';
/** Sign-out: ends the server-side session family, then clears the next-auth cookie. */
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { endWebSession, signOut } from '~/server/auth';

export async function signOutAction(): Promise<void> {
  const userAgent = (await headers()).get('user-agent');
  await endWebSession({ requestId: randomUUID(), ip: null, userAgent });
  await signOut({ redirectTo: '/login' });
}
