import { useT } from '../../i18n/useI18n';
import type { RouteParams } from '../../app/routes';

export default function InboxScreen({ params }: { params: RouteParams }) {
  const t = useT();
  return <div className="page"><h1>{t('inbox.title')}</h1><p>{params.conversationId ?? t('inbox.pick')}</p></div>;
}
