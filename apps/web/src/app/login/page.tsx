import { redirect } from 'next/navigation';
import { LoginView } from '~/components/LoginView';
import { activeSessionUser } from '~/server/web_session';

export default async function LoginPage() {
  if (await activeSessionUser()) redirect('/');
  return <LoginView />;
}
