// A list message's options, as WhatsApp shows them after "☰ <button>": sections of rows; tapping a
// row answers with it.
import type { ListRow, ListSection } from '#shared/whatsapp/outboundContent.js';
import { PhoneSheet } from './PhoneSheet';

type Props = { title: string; sections: ListSection[]; onPick(row: ListRow): void; onClose(): void };

export function ListSheet({ title, sections, onPick, onClose }: Props) {
  return (
    <PhoneSheet title={title} onClose={onClose} testId="list-sheet">
      {sections.map((section, index) => (
        <section key={index} className="phone-list-section" aria-label={section.title}>
          {section.title && <h3 className="small muted">{section.title}</h3>}
          <ul className="phone-list-rows">
            {section.rows.map((row) => (
              <li key={row.id}>
                <button type="button" className="phone-list-row" onClick={() => onPick(row)}>
                  <span>{row.title}</span>
                  {row.description && <span className="small muted">{row.description}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </PhoneSheet>
  );
}
