import type { MessageKey } from '../../i18n/catalog';
import { useT } from '../../i18n/useI18n';
import { Link } from '../../router/Link';

/** Tabs that are links (/admin/users …), so each tab has its own address. */
export function TabNav({ base, tabs, current, label }: { base: string; tabs: readonly { id: string; label: MessageKey }[]; current: string; label: string }) {
  const t = useT();
  return (
    <nav aria-label={label} className="tabs admin-tabs">
      {tabs.map((tab) => (
        <Link key={tab.id} to={`${base}/${tab.id}`} className="tab" aria-current={tab.id === current ? 'page' : undefined}
          aria-selected={tab.id === current}>{t(tab.label)}</Link>
      ))}
    </nav>
  );
}
