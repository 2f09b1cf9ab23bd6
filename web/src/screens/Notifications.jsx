// The inbox of notifications: newest first, unread ones marked; opening one marks it read and
// goes to what it is about. Notifications never carry personal data, only references.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Loading, Page, Problem } from '../components/Common.jsx';

/* '/api/v1/cases/5' → '/cases/5', a reintegration timeline → its tab; links to objects the UI
 * has no screen for go to the case. */
export function screenOf(n) {
  const release = /^\/api\/v1\/cases\/(\d+)\/reintegration$/.exec(n.link || '');
  if (release) return `/cases/${release[1]}/release`;
  const m = /^\/api\/v1\/(cases|referrals|transfers|intake)\/(\d+)$/.exec(n.link || '');
  if (m) return m[1] === 'transfers' ? '/transfers' : `/${m[1]}/${m[2]}`;
  if (n.case_id) return `/cases/${n.case_id}`;
  return null;
}

export function Notifications({ query: q }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const unread = q.unread === 'true';
  const list = useFetch(() => api.get(`/notifications${query({ unread: unread ? 'true' : '', limit: 100 })}`), [unread]);
  const [error, setError] = useState(null);
  const open = async (n) => {
    try {
      if (!n.read_at) await api.post(`/notifications/${n.id}/read`, {});
      const to = screenOf(n);
      if (to) navigate(to);
      else list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title={t('notifications.title')}>
      <p>
        {unread ? <a href="#/notifications">{t('notifications.show_all')}</a> : <a href="#/notifications?unread=true">{t('notifications.show_unread')}</a>}
      </p>
      <Problem error={error || list.error} />
      {!list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('notifications.none')}</p>
      ) : (
        <ul class="notifications">
          {list.data.items.map((n) => (
            <li class={n.read_at ? 'notification' : 'notification notification--unread'}>
              <p class="notification-kind">
                {!n.read_at && <span class="visually-hidden">{t('notifications.unread')}: </span>}
                {label('notification_kind', n.kind)}
              </p>
              <p>{n.message}</p>
              <p class="hint">{formatDateTime(n.created_at, directory.tz)}</p>
              <button type="button" class="link-button" onClick={() => open(n)}>
                {screenOf(n) ? t('notifications.open') : t('notifications.mark_read')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
