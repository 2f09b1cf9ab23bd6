// The caseload: the institution's cases (a coordinator: the mechanism's summaries), filtered by
// status, risk level, kind, overdue items and who they are assigned to. The filters are codes,
// so they may sit in the address and survive a reload; names are searched on their own screen.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useOptions, useT } from '../lib/i18n.js';
import { href, navigate } from '../lib/router.js';
import { isStaff, useSession } from '../lib/session.js';
import { Select } from '../components/Form.jsx';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { CaseTable } from '../components/CaseTable.jsx';

const FILTERS = ['mechanism_id', 'status', 'risk_level', 'kind', 'overdue', 'assigned_to', 'expiring_order'];

export function CaseList({ query: q }) {
  const t = useT();
  const options = useOptions();
  const { user, directory } = useSession();
  const params = Object.fromEntries(FILTERS.map((k) => [k, q[k] || '']));
  const [filters, setFilters] = useState(params);
  const [pages, setPages] = useState({ items: [], next: null });
  // The address is the truth: following a link (Clear, a count on Home) resets the form to it.
  useEffect(() => setFilters(params), [JSON.stringify(params)]);
  const { error, loading } = useFetch(
    () =>
      api.get(`/cases${query({ ...params, limit: 100 })}`).then((p) => {
        setPages(p);
        return p;
      }),
    [JSON.stringify(params)],
  );
  const more = async () => {
    const p = await api.get(`/cases${query({ ...params, limit: 100, cursor: pages.next })}`);
    setPages({ items: [...pages.items, ...p.items], next: p.next });
  };
  const apply = (e) => {
    e.preventDefault();
    navigate(href('/cases', filters));
  };
  const set = (k) => (v) => setFilters({ ...filters, [k]: v });
  const any = t('filter.any');
  return (
    <Page
      title={t('cases.title')}
      actions={
        isStaff(user) && (
          <>
            <a class="button" href="#/cases/new">
              {t('nav.new_case')}
            </a>
            <a class="button button--secondary" href="#/cases/search">
              {t('search.title')}
            </a>
          </>
        )
      }
    >
      <form class="filters" onSubmit={apply} aria-label={t('filter.title')}>
        <Select name="status" label={t('case.status')} value={filters.status} onValue={set('status')} placeholder={any} options={options('case_status')} />
        <Select name="risk_level" label={t('case.risk')} value={filters.risk_level} onValue={set('risk_level')} placeholder={any} options={options('risk_level')} />
        <Select name="kind" label={t('case.kind')} value={filters.kind} onValue={set('kind')} placeholder={any} options={options('case_kind')} />
        <Select
          name="overdue"
          label={t('filter.overdue')}
          value={filters.overdue}
          onValue={set('overdue')}
          placeholder={any}
          options={[
            { value: 'true', label: t('filter.overdue_only') },
            { value: 'referrals', label: t('filter.overdue_referrals') },
            { value: 'review', label: t('filter.overdue_review') },
            { value: 'orders', label: t('filter.overdue_orders') },
            { value: 'actions', label: t('filter.overdue_actions') },
          ]}
        />
        {user.role === 'coordinator' && (
          <Select
            name="expiring_order"
            label={t('filter.expiring_order')}
            value={filters.expiring_order}
            onValue={set('expiring_order')}
            placeholder={any}
            options={[{ value: 'true', label: t('filter.expiring_order_only') }]}
          />
        )}
        {user.role === 'coordinator' && directory.myMechanisms.length > 1 && (
          <Select
            name="mechanism_id"
            label={t('case.mechanism')}
            value={filters.mechanism_id}
            onValue={set('mechanism_id')}
            placeholder={any}
            options={directory.myMechanisms.map((m) => ({ value: String(m.id), label: m.name }))}
          />
        )}
        {isStaff(user) && (
          <Select
            name="assigned_to"
            label={t('filter.assigned')}
            value={filters.assigned_to}
            onValue={set('assigned_to')}
            placeholder={any}
            options={[
              { value: 'me', label: t('filter.assigned_me') },
              { value: 'none', label: t('filter.assigned_none') },
            ]}
          />
        )}
        <div class="filters-actions">
          <button class="button" type="submit">
            {t('filter.apply')}
          </button>
          <a class="button button--secondary" href="#/cases">
            {t('filter.clear')}
          </a>
        </div>
      </form>
      {error ? (
        <Problem error={error} />
      ) : loading && !pages.items.length ? (
        <Loading />
      ) : (
        <>
          <p class="result-count" role="status">
            {t('cases.shown', { n: pages.items.length })}
          </p>
          <CaseTable items={pages.items} />
          {pages.next && (
            <button class="button button--secondary" type="button" onClick={more}>
              {t('common.more')}
            </button>
          )}
        </>
      )}
    </Page>
  );
}
