// Members (role, deactivate, remove) and invites (create, copy the link, revoke).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { USER_ROLES, type UserRole } from '#shared/domain/statuses.js';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { inviteLink } from '../auth/inviteLink';
import { useAdminClient } from './useAdminClient';

export function UsersPanel() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const members = useQuery({ queryKey: ['users', 'list', clientId], queryFn: () => api().users.list.query(input) });
  const invites = useQuery({ queryKey: ['invites', 'list', clientId], queryFn: () => api().invites.list.query({ ...input, state: 'pending' }) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] }).then(() => queryClient.invalidateQueries({ queryKey: ['invites'] }));
  const act = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSettled: refresh,
  });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<UserRole>('agent');
  const [link, setLink] = useState<{ email: string; link: string } | null>(null);
  const invite = useMutation({
    mutationFn: () => api().invites.create.mutate({ ...input, email, role }),
    onSuccess: async (created) => {
      setLink({ email: created.email, link: inviteLink(window.location.origin, created.token) });
      setEmail('');
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="members-title">
        <h2 id="members-title">{t('admin.users.members')}</h2>
        {members.isError && <ErrorNotice error={members.error} />}
        {act.isError && <ErrorNotice error={act.error} />}
        <table className="data-table" data-testid="members">
          <thead>
            <tr>
              <th>{t('admin.users.email')}</th>
              <th>{t('admin.users.role')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.data?.map((member) => (
              <tr key={member.id}>
                <td>
                  {member.fullName ? `${member.fullName} · ` : ''}
                  {member.email} {!member.isActive && <span className="status-pill">{t('admin.users.inactive')}</span>}
                </td>
                <td>
                  <select
                    aria-label={`${t('admin.users.role')} ${member.email}`}
                    value={member.role}
                    onChange={(event) =>
                      act.mutate(() => api().users.changeRole.mutate({ ...input, userId: member.id, role: event.target.value as UserRole }))
                    }>
                    {USER_ROLES.map((value) => (
                      <option key={value} value={value}>
                        {t(`role.${value}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="row">
                  {member.isActive ? (
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => act.mutate(() => api().users.deactivate.mutate({ ...input, userId: member.id }))}>
                      {t('admin.users.deactivate')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => act.mutate(() => api().users.reactivate.mutate({ ...input, userId: member.id }))}>
                      {t('admin.users.reactivate')}
                    </button>
                  )}
                  <button type="button" className="button-danger" onClick={() => act.mutate(() => api().users.remove.mutate({ ...input, userId: member.id }))}>
                    {t('admin.users.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card stack" aria-labelledby="invites-title">
        <h2 id="invites-title">{t('admin.invites.title')}</h2>
        <form className="row" onSubmit={submit}>
          <Field label={t('admin.invites.email')} type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
          <div className="field">
            <label htmlFor="invite-role">{t('admin.users.role')}</label>
            <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value as UserRole)}>
              {USER_ROLES.map((value) => (
                <option key={value} value={value}>
                  {t(`role.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-primary" disabled={invite.isPending}>
            {t('admin.invites.send')}
          </button>
        </form>
        {invite.isError && <ErrorNotice error={invite.error} />}
        {link && (
          <p className="notice" role="status" data-testid="invite-link">
            {t('admin.invites.link', link)}
          </p>
        )}
        {invites.data && invites.data.length === 0 && <p className="muted">{t('admin.invites.none')}</p>}
        <ul className="stack plain-list">
          {invites.data?.map((row) => (
            <li key={row.id} className="row">
              <span>
                {row.email} · {t(`role.${row.role}`)} ·{' '}
                <span className="muted small">{t('admin.invites.expires', { date: formatDateTime(String(row.expiresAt), language) })}</span>
              </span>
              <button type="button" className="button-secondary" onClick={() => act.mutate(() => api().invites.revoke.mutate({ ...input, id: row.id }))}>
                {t('admin.invites.revoke')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
