import { SignupView } from '~/components/SignupView';
import { webConfig } from '~/config';

export const dynamic = 'force-dynamic';

/** Public: an ISP signs itself up (issue #17). */
export default function SignupPage() {
  const config = webConfig();
  // the e-mail channel exists only where the platform has an SMTP server
  return <SignupView trialDays={config.SIGNUP_TRIAL_DAYS} emailCodes={Boolean(config.SMTP_URL)} />;
}
