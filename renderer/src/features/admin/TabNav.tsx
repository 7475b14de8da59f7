import type { MessageKey } from '#renderer/i18n/catalog';
import { useT } from '#renderer/i18n/useI18n';
import { Link } from '@tanstack/react-router';

/**
 * Tabs that are links (/admin/users …), so each tab has its own address. The router marks the open
 * tab aria-current="page"; at /admin (no tab in the address) the default tab is marked here.
 */
export function TabNav({
  base,
  tabs,
  current,
  label,
}: {
  base: '/admin/{-$tab}' | '/platform/{-$tab}';
  tabs: readonly { id: string; label: MessageKey }[];
  current: string;
  label: string;
}) {
  const t = useT();
  return (
    <nav aria-label={label} className="tabs admin-tabs">
      {tabs.map((tab) => (
        <Link
          key={tab.id}
          to={base}
          params={{ tab: tab.id }}
          className="tab"
          aria-current={tab.id === current ? 'page' : undefined}
          aria-selected={tab.id === current}>
          {t(tab.label)}
        </Link>
      ))}
    </nav>
  );
}
