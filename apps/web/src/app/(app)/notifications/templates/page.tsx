import { WA_LANGUAGES, WA_TEMPLATE_CODES } from '@rrnet/contracts';
import type { WaLanguage, WaTemplateCode } from '@rrnet/contracts';
import { NotificationTemplatesView } from '~/components/NotificationTemplatesView';
import { OperatorPage } from '~/components/OperatorPage';

export default async function NotificationTemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // ?code=…&language=…: that template in the editor (a row of the list links here)
  const { code, language } = await searchParams;
  const known = (WA_TEMPLATE_CODES as readonly unknown[]).includes(code) && (WA_LANGUAGES as readonly unknown[]).includes(language);
  const initial = known ? { code: code as WaTemplateCode, language: language as WaLanguage } : null;
  return (
    <OperatorPage
      permission="notifications.messages.read"
      title="notifications.templates.title"
      subtitle="notifications.templates.subtitle"
      links={[{ href: '/notifications', label: 'nav.wa_messages' }]}
    >
      <NotificationTemplatesView key={initial ? `${initial.code}:${initial.language}` : 'first'} initial={initial} />
    </OperatorPage>
  );
}
