/** next-auth's own endpoints (sign-in, session, CSRF) for the web app. */
import { handlers } from '~/server/auth';

export const dynamic = 'force-dynamic';
export const { GET, POST } = handlers;
