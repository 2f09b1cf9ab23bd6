// The hate-crime report: hate incidents by bias motivation, by municipality and by outcome
// (reported to the police, investigated, prosecuted) over a period, read and anonymised as the
// summary report is (the same filters and downloads). An incident with several motivations
// counts in each of their rows, so the total beside the tables counts each incident once.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLang, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { shownCount } from '../lib/figures.js';
import { useSession } from '../lib/session.js';
import { Facts, Loading, Page, Problem } from '../components/Common.jsx';
import { ReportTable, labelledTable } from '../components/ReportTable.jsx';
import { AnonymisedNotice, Downloads, Filters, ReportTabs, paramsOf } from './Reports.jsx';

function HateTable({ table }) {
  const t = useT();
  const lang = useLang();
  const id = `report-${table.key}`;
  const l = labelledTable(table, lang);
  return (
    <section class="report-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{l.title}</h2>
      {l.rows.length ? <ReportTable table={l} id={id} /> : <p class="empty">{t('hate.no_incidents')}</p>}
    </section>
  );
}

export function HateCrimes({ query: q }) {
  const t = useT();
  const lang = useLang();
  const { user, directory } = useSession();
  const coordinator = user.role === 'coordinator';
  const mine = directory.myMechanisms;
  const params = paramsOf(q, user, mine);
  const report = useFetch(() => api.get(`/reports/hate-crimes${query(params)}`), [JSON.stringify(params)]);
  const [saveError, setSaveError] = useState(null);
  const errors = report.error?.fieldErrors || {};
  const d = report.loading ? null : report.data;
  const file = (format) => `ura-hate-crimes-${params.mechanism_id || params.municipality_id || 'national'}-${d.scope.from}-${d.scope.to}.${format}`;
  if (coordinator && !mine.length)
    return (
      <Page title={t('hate.title')}>
        <p>{t('report.no_mechanism')}</p>
      </Page>
    );
  return (
    <Page
      wide
      title={t('hate.title')}
      subtitle={d ? `${formatDate(d.scope.from)}–${formatDate(d.scope.to)}` : null}
      actions={d && <Downloads path="/reports/hate-crimes" params={params} file={file} onError={setSaveError} />}
    >
      <ReportTabs current="/reports/hate-crimes" />
      <Problem error={saveError} />
      <Filters params={params} coordinator={coordinator} mine={mine} errors={errors} path="/reports/hate-crimes" />
      {report.error ? (
        <Problem error={report.error} />
      ) : !d ? (
        <Loading />
      ) : (
        <>
          <AnonymisedNotice anonymised={d.anonymised} />
          <Facts items={[[t('hate.total_incidents'), String(shownCount(d.total_incidents, lang))]]} />
          <p class="hint">{t('hate.counting_note')}</p>
          {d.tables.map((table) => (
            <HateTable table={table} />
          ))}
        </>
      )}
    </Page>
  );
}
