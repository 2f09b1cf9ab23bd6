// The summary report: counts and timings for the whole country, a municipality or a mechanism
// over a period. National users and administrators read any scope, always anonymised; a
// coordinator reads their own mechanism as it is, or anonymised for sharing outside it. Each
// table is shown as a table (labels in the reader's language), the main ones also as a chart;
// the same report downloads as CSV or XLSX, labelled by the server in the reader's language.
// The filters are ids and dates, so they sit in the address and survive a reload.
import { useEffect, useState } from 'preact/hooks';
import { api, download, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLang, useT } from '../lib/i18n.js';
import { formatDate, formatSpan } from '../lib/format.js';
import { formatPercent } from '../lib/figures.js';
import { href, navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Checkbox, Radios, Select } from '../components/Form.jsx';
import { Period } from '../components/Period.jsx';
import { Facts, Loading, Notice, Page, Problem } from '../components/Common.jsx';
import { ReportTable, labelledTable } from '../components/ReportTable.jsx';
import { BarChart } from '../components/BarChart.jsx';

/* The tables drawn as charts too. */
const CHARTED = ['cases_by_kind', 'cases_by_risk', 'cases_by_form', 'referrals_by_service'];

/* The report's parameters from the address; a coordinator's scope is always one of theirs. */
export function paramsOf(q, user, mine) {
  if (user.role === 'coordinator') {
    const id = mine.some((m) => String(m.id) === q.mechanism_id) ? q.mechanism_id : String(mine[0]?.id ?? '');
    return { mechanism_id: id, municipality_id: '', from: q.from || '', to: q.to || '', anonymised: q.anonymised === 'true' ? 'true' : '' };
  }
  return { mechanism_id: q.mechanism_id || '', municipality_id: q.mechanism_id ? '' : q.municipality_id || '', from: q.from || '', to: q.to || '', anonymised: '' };
}

function scopeOf(p) {
  return p.mechanism_id ? 'mechanism' : p.municipality_id ? 'municipality' : 'nation';
}

const byName = (a, b) => a.name.localeCompare(b.name);

/* The filters of a report screen at `path` (the summary's, the hate crimes'). */
export function Filters({ params, coordinator, mine, errors, path = '/reports' }) {
  const t = useT();
  const { directory } = useSession();
  const [v, setV] = useState({ ...params, scope: scopeOf(params) });
  useEffect(() => setV({ ...params, scope: scopeOf(params) }), [JSON.stringify(params)]);
  const set = (k) => (x) => setV({ ...v, [k]: x });
  const apply = (e) => {
    e.preventDefault();
    navigate(
      href(path, {
        mechanism_id: v.scope === 'mechanism' ? v.mechanism_id : '',
        municipality_id: v.scope === 'municipality' ? v.municipality_id : '',
        from: v.from,
        to: v.to,
        anonymised: coordinator && v.anonymised ? 'true' : '',
      }),
    );
  };
  const mechanisms = (coordinator ? mine : directory.mechanisms).slice().sort(byName);
  return (
    <form class="filters filters--report" onSubmit={apply} aria-label={t('report.filters')} noValidate>
      {!coordinator && (
        <Radios
          name="scope"
          legend={t('report.scope')}
          value={v.scope}
          onValue={set('scope')}
          inline
          options={[
            { value: 'nation', label: t('report.scope_nation') },
            { value: 'municipality', label: t('report.scope_municipality') },
            { value: 'mechanism', label: t('report.scope_mechanism') },
          ]}
        />
      )}
      {v.scope === 'municipality' && (
        <Select
          name="municipality_id"
          label={t('report.municipality')}
          value={v.municipality_id}
          onValue={set('municipality_id')}
          placeholder={t('form.choose')}
          options={directory.municipalities.slice().sort(byName).map((m) => ({ value: String(m.id), label: m.name }))}
          error={errors.municipality_id}
        />
      )}
      {v.scope === 'mechanism' && (
        <Select
          name="mechanism_id"
          label={t('report.mechanism')}
          value={v.mechanism_id}
          onValue={set('mechanism_id')}
          placeholder={coordinator ? undefined : t('form.choose')}
          options={mechanisms.map((m) => ({ value: String(m.id), label: m.name }))}
          error={errors.mechanism_id}
        />
      )}
      <Period legend={t('report.period')} hint={t('report.period_hint')} values={v} set={set} errors={errors} fromLabel={t('report.from')} toLabel={t('report.to')} />
      {coordinator && (
        <Checkbox name="anonymised" label={t('report.anonymised_choice')} hint={t('report.anonymised_choice_hint')} value={!!v.anonymised} onValue={set('anonymised')} />
      )}
      <div class="filters-actions">
        <button class="button" type="submit">
          {t('report.show')}
        </button>
      </div>
    </form>
  );
}

/* The CSV and XLSX of the report at `path` (labelled by the server in the reader's language),
 * saved as file(format). */
export function Downloads({ path, params, file, onError }) {
  const t = useT();
  const save = (format) => (e) => {
    e.preventDefault();
    onError(null);
    download(`${path}${query({ ...params, format })}`, file(format)).catch(onError);
  };
  return (
    <>
      <a class="button button--secondary" href={`/api/v1${path}${query({ ...params, format: 'csv' })}`} download={file('csv')} onClick={save('csv')}>
        {t('report.download_csv')}
      </a>
      <a class="button button--secondary" href={`/api/v1${path}${query({ ...params, format: 'xlsx' })}`} download={file('xlsx')} onClick={save('xlsx')}>
        {t('report.download_xlsx')}
      </a>
    </>
  );
}

/* Whether the figures shown are anonymised, and what that means for sharing them. */
export function AnonymisedNotice({ anonymised }) {
  const t = useT();
  return anonymised ? (
    <Notice title={t('report.anonymised')}>
      <p>{t('report.anonymised_explain')}</p>
    </Notice>
  ) : (
    <Notice kind="warning" title={t('report.not_anonymised')}>
      <p>{t('report.not_anonymised_explain')}</p>
    </Notice>
  );
}

/* The reports one may read, as tabs above either of them. */
export function ReportTabs({ current }) {
  const t = useT();
  return (
    <nav class="tabs" aria-label={t('report.reports')}>
      <ul>
        {[
          ['/reports', 'report.summary'],
          ['/reports/hate-crimes', 'hate.title'],
        ].map(([path, key]) => (
          <li>
            <a href={`#${path}`} aria-current={current === path ? 'page' : undefined}>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Timings({ timings }) {
  const t = useT();
  const lang = useLang();
  if (!timings) return null;
  const hours = (h) => (h === null || h === undefined || !timings.accepted ? '—' : formatSpan(Math.round(h * 60), t));
  return (
    <section aria-labelledby="timings-title">
      <h2 id="timings-title">{t('report.timings')}</h2>
      <Facts
        items={[
          [t('report.timings_referrals'), String(timings.referrals)],
          [t('report.timings_accepted'), String(timings.accepted)],
          [t('report.timings_median'), hours(timings.median_hours)],
          [t('report.timings_p90'), hours(timings.p90_hours)],
          [t('report.timings_overdue'), timings.referrals ? formatPercent(timings.overdue_share, lang) : '—'],
        ]}
      />
    </section>
  );
}

function TableSection({ table }) {
  const t = useT();
  const lang = useLang();
  const id = `report-${table.key}`;
  const l = labelledTable(table, lang);
  // The chart leaves out the rows with nothing to count (and is left out with fewer than two
  // rows to compare); the table lists every row.
  const drawn = CHARTED.includes(table.key) ? l.rows.filter((r) => r.cells.some((v) => v !== 0)) : [];
  return (
    <section class="report-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{l.title}</h2>
      {drawn.length > 1 && (
        <>
          <p class="visually-hidden" id={`${id}-chart-note`}>
            {t('report.chart_note', { title: l.title })}
          </p>
          <BarChart
            title={l.title}
            describedBy={`${id}-chart-note`}
            rows={drawn.map((r) => r.label)}
            series={l.columns.map((c, j) => ({ label: c, values: drawn.map((r) => r.cells[j]) }))}
            note={drawn.length < l.rows.length ? t('report.chart_zero_rows') : null}
          />
        </>
      )}
      <ReportTable table={l} id={id} />
    </section>
  );
}

export function Reports({ query: q }) {
  const t = useT();
  const { user, directory } = useSession();
  const coordinator = user.role === 'coordinator';
  const mine = directory.myMechanisms;
  const params = paramsOf(q, user, mine);
  const report = useFetch(() => api.get(`/reports/summary${query(params)}`), [JSON.stringify(params)]);
  const errors = report.error?.fieldErrors || {};
  const d = report.loading ? null : report.data; // never the old scope's figures under the new one
  const scopeName = !d
    ? ''
    : d.scope.mechanism_id
      ? directory.mechanism(d.scope.mechanism_id)?.name
      : d.scope.municipality_id
        ? directory.municipalities.find((m) => m.id === d.scope.municipality_id)?.name
        : t('report.scope_nation');
  const file = (format) => {
    const scope = params.mechanism_id ? `mechanism-${params.mechanism_id}` : params.municipality_id ? `municipality-${params.municipality_id}` : 'national';
    return `ura-report-${scope}-${d.scope.from}-${d.scope.to}.${format}`;
  };
  const [saveError, setSaveError] = useState(null);
  if (coordinator && !mine.length)
    return (
      <Page title={t('report.title')}>
        <p>{t('report.no_mechanism')}</p>
      </Page>
    );
  return (
    <Page
      wide
      title={t('report.title')}
      subtitle={d ? `${scopeName} · ${formatDate(d.scope.from)}–${formatDate(d.scope.to)}` : null}
      actions={d && <Downloads path="/reports/summary" params={params} file={file} onError={setSaveError} />}
    >
      <ReportTabs current="/reports" />
      <Problem error={saveError} />
      <Filters params={params} coordinator={coordinator} mine={mine} errors={errors} />
      {report.error ? (
        <Problem error={report.error} />
      ) : !d ? (
        <Loading />
      ) : (
        <>
          <AnonymisedNotice anonymised={d.anonymised} />
          <Timings timings={d.referral_timings} />
          {d.tables.map((table) => (
            <TableSection table={table} />
          ))}
        </>
      )}
    </Page>
  );
}
