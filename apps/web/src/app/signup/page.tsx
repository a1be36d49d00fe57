import { SignupView } from '~/components/SignupView';
import { webConfig } from '~/config';

export const dynamic = 'force-dynamic';

/** Public: an ISP signs itself up (issue #17). */
export default function SignupPage() {
  return <SignupView trialDays={webConfig().SIGNUP_TRIAL_DAYS} />;
}
