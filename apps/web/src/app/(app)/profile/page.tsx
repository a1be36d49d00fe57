import { ProfileView } from '~/components/ProfileView';
import { requireSessionUser } from '~/server/web_session';

export default async function ProfilePage() {
  await requireSessionUser();
  return <ProfileView />;
}
