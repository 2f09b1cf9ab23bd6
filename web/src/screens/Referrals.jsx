// The institution's referrals: the inbox (sent to it) and the outbox (sent by it), by status.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useOptions, useT } from '../lib/i18n.js';
import { href, navigate } from '../lib/router.js';
import { Select } from '../components/Form.jsx';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { ReferralTable } from '../components/ReferralTable.jsx';

export function Referrals({ query: q }) {
  const t = useT();
  const options = useOptions();
  const box = q.box === 'outgoing' ? 'outgoing' : 'incoming';
  const [status, setStatus] = useState(q.status || '');
  const [extra, setExtra] = useState({ items: [], next: null });
  const list = useFetch(() => api.get(`/referrals${query({ box, status: q.status, limit: 50 })}`), [box, q.status]);
  const page = list.data ? { items: [...list.data.items, ...extra.items], next: extra.next ?? list.data.next } : null;
  const more = async () => {
    const p = await api.get(`/referrals${query({ box, status: q.status, limit: 50, cursor: page.next })}`);
    setExtra({ items: [...extra.items, ...p.items], next: p.next });
  };
  const tab = (b) => (
    <li>
      <a href={href('/referrals', { box: b })} aria-current={box === b ? 'page' : undefined}>
        {t(`referrals.${b}`)}
      </a>
    </li>
  );
  return (
    <Page
      title={t('referrals.title')}
      actions={
        <a class="button button--secondary" href="#/transfers">
          {t('referrals.transfers_link')}
        </a>
      }
    >
      <nav class="tabs" aria-label={t('referrals.boxes')}>
        <ul>
          {tab('incoming')}
          {tab('outgoing')}
        </ul>
      </nav>
      <form
        class="filters"
        aria-label={t('filter.title')}
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href('/referrals', { box, status }));
        }}
      >
        <Select name="status" label={t('referral.status')} value={status} onValue={setStatus} placeholder={t('filter.any')} options={options('referral_status')} />
        <div class="filters-actions">
          <button class="button" type="submit">
            {t('filter.apply')}
          </button>
        </div>
      </form>
      {list.error ? (
        <Problem error={list.error} />
      ) : !page ? (
        <Loading />
      ) : (
        <>
          <ReferralTable items={page.items} box={box} />
          {page.next && (
            <button class="button button--secondary" type="button" onClick={more}>
              {t('common.more')}
            </button>
          )}
        </>
      )}
    </Page>
  );
}
