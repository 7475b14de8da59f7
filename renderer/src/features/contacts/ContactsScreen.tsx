// /contacts/<contact id>?: the client's contacts (search, filters by label and consent, export,
// labels, CSV import) and, with an id, one contact's page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useMe } from '../auth/useMe';
import { roleAtLeast } from '#shared/domain/roles.js';
import { ContactPage } from './ContactPage';
import { ImportWizard } from './ImportWizard';
import './contacts.css';

const route = getRouteApi('/contacts/{-$contactId}');
type Consent = 'any' | 'subscribed' | 'opted_in' | 'opted_out';
const CONSENTS: Consent[] = ['any', 'subscribed', 'opted_in', 'opted_out'];

export default function ContactsScreen() {
  const { contactId } = route.useParams();
  return <div className="page stack contacts-page">{contactId ? <ContactPage key={contactId} contactId={contactId} /> : <ContactList />}</div>;
}

function ContactList() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const me = useMe().data;
  const isAdmin = roleAtLeast(me?.role ?? null, 'admin');
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [labelId, setLabelId] = useState('');
  const [consent, setConsent] = useState<Consent>('any');
  const [limit, setLimit] = useState(50);
  const [newLabel, setNewLabel] = useState('');
  const [importing, setImporting] = useState(false);
  const filter = { ...(search.trim() ? { search: search.trim() } : {}), ...(labelId ? { labelIds: [labelId] } : {}), consent };
  const list = useQuery({ queryKey: ['contacts', 'list', filter, limit], queryFn: () => api().contacts.list.query({ ...filter, limit }) });
  const labels = useQuery({ queryKey: ['contacts', 'labels'], queryFn: () => api().contacts.labels.list.query() });
  const createLabel = useMutation({
    mutationFn: () => api().contacts.labels.create.mutate({ name: newLabel.trim() }),
    onSuccess: async () => {
      setNewLabel('');
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
  const exportCsv = useMutation({
    mutationFn: () => api().contacts.export.query(filter),
    onSuccess: (file) => {
      const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName;
      link.click();
      URL.revokeObjectURL(url);
    },
  });

  return (
    <>
      <div className="row">
        <h1 className="grow">{t('contacts.title')}</h1>
        {isAdmin && (
          <>
            <button type="button" className="button-secondary" onClick={() => setImporting((open) => !open)} data-testid="contacts-import-open">
              {t('contacts.import')}
            </button>
            <button type="button" className="button-secondary" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
              {t('contacts.export')}
            </button>
          </>
        )}
      </div>
      {importing && <ImportWizard labels={labels.data ?? []} onDone={() => void queryClient.invalidateQueries({ queryKey: ['contacts'] })} />}
      {exportCsv.isError && <ErrorNotice error={exportCsv.error} />}
      <div className="row contacts-filters">
        <input
          type="search"
          className="search grow"
          placeholder={t('contacts.search')}
          aria-label={t('contacts.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <select aria-label={t('contacts.label')} value={labelId} onChange={(event) => setLabelId(event.target.value)}>
          <option value="">{t('contacts.anyLabel')}</option>
          {(labels.data ?? []).map((label) => (
            <option key={label.id} value={label.id}>
              {label.name}
            </option>
          ))}
        </select>
        <select aria-label={t('contacts.consent')} value={consent} onChange={(event) => setConsent(event.target.value as Consent)}>
          {CONSENTS.map((value) => (
            <option key={value} value={value}>
              {t(`consent.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {isAdmin && (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            if (newLabel.trim()) createLabel.mutate();
          }}>
          <input
            aria-label={t('contacts.newLabel')}
            placeholder={t('contacts.newLabel')}
            value={newLabel}
            onChange={(event) => setNewLabel(event.target.value)}
            maxLength={60}
          />
          <button type="submit" className="button-secondary" disabled={createLabel.isPending || !newLabel.trim()}>
            {t('contacts.addLabel')}
          </button>
          {createLabel.isError && <ErrorNotice error={createLabel.error} />}
        </form>
      )}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <p className="muted" data-testid="contacts-total">
          {t('contacts.total', { count: list.data.total })}
        </p>
      )}
      {list.data?.items.length === 0 && <p className="muted">{t('contacts.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="contacts-table" data-testid="contacts-table">
          <thead>
            <tr>
              <th>{t('contacts.name')}</th>
              <th>{t('contacts.phone')}</th>
              <th>{t('contacts.labels')}</th>
              <th>{t('contacts.consent')}</th>
              <th>{t('contacts.lastContact')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((contact) => (
              <tr key={contact.id} data-testid="contact-row" data-phone={contact.phone}>
                <td>
                  <Link to="/contacts/{-$contactId}" params={{ contactId: contact.id }}>
                    {contact.name ?? contact.phone}
                  </Link>
                </td>
                <td className="mono">{contact.phone}</td>
                <td>
                  {contact.labels.map((label) => (
                    <span key={label.id} className="label-chip" style={{ borderColor: label.color }}>
                      {label.name}
                    </span>
                  ))}
                </td>
                <td>{t(`contacts.status.${contact.status}`)}</td>
                <td className="muted small">{contact.lastContactAt ? formatDateTime(contact.lastContactAt, language) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data?.nextOffset !== null && list.data?.nextOffset !== undefined && (
        <button type="button" className="button-secondary" onClick={() => setLimit((n) => Math.min(200, n + 50))}>
          {t('contacts.more')}
        </button>
      )}
    </>
  );
}
