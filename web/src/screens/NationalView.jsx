// The national view: every municipality of Albania and Kosovo in one table — which have an
// active mechanism, how many meetings each mechanism held this year against its minimum, and
// referrals sent, the share of them overdue, and cases opened. Anonymised by the server (small
// counts hidden). Filtered by year and country, sorted by any column; all of it in the address.
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useLang, useOptions, useT } from '../lib/i18n.js';
import { todayIn } from '../lib/format.js';
import { countKey, formatPercent, shownCount } from '../lib/figures.js';
import { href, navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Select } from '../components/Form.jsx';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { SortHeader, sortRows } from '../components/SortHeader.jsx';

const SORTS = {
  name: (m) => m.name,
  country: (m) => m.country,
  active: (m) => m.mechanisms.filter((x) => x.active).length,
  meetings: (m) => {
    const active = m.mechanisms.filter((x) => x.active);
    return active.length ? Math.min(...active.map((x) => x.meetings_held / Math.max(1, x.minimum_per_year))) : -1;
  },
  referrals: (m) => countKey(m.referrals_sent),
  overdue: (m) => (m.referrals_overdue_share ?? -1),
  cases: (m) => countKey(m.cases_opened),
};

/* The orders a phone offers in place of the column headers (which a phone does not show). */
const ORDERS = [['name:asc', 'order_name'], ['name:desc', 'order_name_desc'], ['meetings:asc', 'order_meetings'], ['referrals:desc', 'order_referrals'], ['overdue:desc', 'order_overdue'], ['cases:desc', 'order_cases'], ['country:asc', 'order_country']];
function orders(t, sort, dir) {
  const list = ORDERS.map(([value, key]) => ({ value, label: t(`national.${key}`) }));
  if (!list.some((o) => o.value === `${sort}:${dir}`)) list.push({ value: `${sort}:${dir}`, label: t('national.order_other') });
  return list;
}

function Mechanisms({ item, year }) {
  const t = useT();
  const label = useLabel();
  if (!item.mechanisms.length) return <span class="tag tag--danger">{t('national.no_mechanism')}</span>;
  return (
    <ul class="national-mechanisms">
      {item.mechanisms.map((m) => (
        <li>
          <a href={href('/reports', { mechanism_id: String(m.id), from: `${year}-01-01`, to: `${year}-12-31` })}>{label('case_kind', m.kind)}</a>{' '}
          {!m.active && <span class="tag tag--muted">{t('national.inactive')}</span>}{' '}
          <span class={!m.active ? 'meetings' : m.meets_minimum ? 'meetings meetings--met' : 'meetings meetings--short'}>
            {t('national.meetings_of', { held: m.meetings_held, minimum: m.minimum_per_year })}
            {m.active && (
              <span class="visually-hidden">
                {' '}
                ({m.meets_minimum ? t('national.meets') : t('national.short')})
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Summary({ items }) {
  const t = useT();
  const active = items.filter((m) => m.mechanisms.some((x) => x.active)).length;
  const mechanisms = items.flatMap((m) => m.mechanisms.filter((x) => x.active));
  const met = mechanisms.filter((x) => x.meets_minimum).length;
  return (
    <ul class="figures" aria-label={t('national.summary')}>
      <li>
        <span class="figure-number">{t('national.n_of_m', { n: active, m: items.length })}</span>
        <span class="figure-label">{t('national.with_active')}</span>
      </li>
      <li>
        <span class="figure-number">{t('national.n_of_m', { n: met, m: mechanisms.length })}</span>
        <span class="figure-label">{t('national.met_minimum')}</span>
      </li>
    </ul>
  );
}

export function NationalView({ query: q }) {
  const t = useT();
  const lang = useLang();
  const label = useLabel();
  const options = useOptions();
  const { directory } = useSession();
  const thisYear = Number(todayIn(directory.tz).slice(0, 4));
  const year = /^\d{4}$/.test(q.year || '') ? q.year : String(thisYear);
  const country = q.country === 'AL' || q.country === 'XK' ? q.country : '';
  const sort = q.sort in SORTS ? q.sort : 'name';
  const dir = q.dir === 'desc' ? 'desc' : 'asc';
  const data = useFetch(() => api.get(`/reports/national${query({ year })}`), [year]);
  const go = (changes) => navigate(href('/national', { year, country, sort, dir, ...changes }), { replace: true });
  const items = data.data ? data.data.items.filter((m) => !country || m.country === country) : [];
  const rows = sortRows(items, SORTS[sort], dir, lang, (m) => m.name);
  const years = Array.from({ length: 8 }, (_, i) => String(thisYear - i));
  const head = (name, key, num) => <SortHeader name={name} label={t(key)} sort={sort} dir={dir} num={num} onSort={(s, d) => go({ sort: s, dir: d })} />;
  return (
    <Page wide title={t('national.title')} subtitle={t('national.subtitle')}>
      <form class="filters" aria-label={t('filter.title')} onSubmit={(e) => e.preventDefault()}>
        <Select name="year" label={t('national.year')} value={year} onValue={(y) => go({ year: y })} options={years.map((y) => ({ value: y, label: y }))} />
        <Select name="country" label={t('national.country')} value={country} onValue={(c) => go({ country: c })} placeholder={t('national.both_countries')} options={options('country')} />
        <div class="only-narrow">
          <Select
            name="order"
            label={t('national.order')}
            value={`${sort}:${dir}`}
            onValue={(v) => go({ sort: v.split(':')[0], dir: v.split(':')[1] })}
            options={orders(t, sort, dir)}
          />
        </div>
      </form>
      {data.error ? (
        <Problem error={data.error} />
      ) : !data.data ? (
        <Loading />
      ) : (
        <>
          <Summary items={items} />
          {rows.length === 0 ? (
            <p class="empty">{t('national.none')}</p>
          ) : (
            <table class="table table--cards table--national">
              <caption>{t('national.caption', { year: data.data.year ?? year })}</caption>
              <thead>
                <tr>
                  {head('name', 'national.municipality')}
                  {head('country', 'national.country')}
                  {head('meetings', 'national.mechanisms')}
                  {head('referrals', 'national.referrals', true)}
                  {head('overdue', 'national.overdue', true)}
                  {head('cases', 'national.cases', true)}
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr class={m.mechanisms.some((x) => x.active) ? undefined : 'row--overdue'}>
                    <th scope="row" data-label={t('national.municipality')}>
                      <a href={href('/reports', { municipality_id: String(m.municipality_id), from: `${year}-01-01`, to: `${year}-12-31` })}>{m.name}</a>
                    </th>
                    <td data-label={t('national.country')}>{label('country', m.country)}</td>
                    <td data-label={t('national.mechanisms')}>
                      <Mechanisms item={m} year={year} />
                    </td>
                    <td class="num" data-label={t('national.referrals')}>
                      {shownCount(m.referrals_sent, lang)}
                    </td>
                    <td class="num" data-label={t('national.overdue')}>
                      {formatPercent(m.referrals_overdue_share, lang)}
                    </td>
                    <td class="num" data-label={t('national.cases')}>
                      {shownCount(m.cases_opened, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="table-note">{data.data.suppressed_note || t('report.small_cells_note')}</p>
          <p class="hint">{t('national.links_hint')}</p>
        </>
      )}
    </Page>
  );
}
