// A case's legal hold: while it lasts the case is not anonymised when its retention period
// ends. A manager of the owner institution places it from the case page, the data-protection
// auditor from the audit log (screens/LegalHoldPage.jsx); each says why, and lifting it is
// recorded too. The server decides who may (domain/retention.c).
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { ErrorSummary, TextArea } from '../components/Form.jsx';
import { Loading, Notice, Problem } from '../components/Common.jsx';

function Place({ caseId, onDone }) {
  const t = useT();
  const form = useForm({ reason: '' });
  const submit = form.submit(async (v) => {
    await api.post(`/cases/${caseId}/legal-hold`, { reason: v.reason.trim() });
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} labels={{ reason: t('hold.reason') }} />
      <TextArea {...form.field('reason')} label={t('hold.reason')} hint={t('hold.reason_hint')} rows={3} />
      <button class="button" type="submit" disabled={form.busy}>
        {t('hold.place')}
      </button>
    </form>
  );
}

function Lift({ caseId, onDone }) {
  const t = useT();
  const form = useForm({});
  const submit = form.submit(async () => {
    await api.post(`/cases/${caseId}/legal-hold/lift`);
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Problem error={form.failure} />
      <button class="button button--secondary" type="submit" disabled={form.busy}>
        {t('hold.lift')}
      </button>
    </form>
  );
}

function History({ holds }) {
  const t = useT();
  if (!holds.length) return <p>{t('hold.none')}</p>;
  return (
    <table class="table">
      <caption>{t('hold.history')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('hold.placed_at')}</th>
          <th scope="col">{t('hold.reason')}</th>
          <th scope="col">{t('hold.lifted_at')}</th>
        </tr>
      </thead>
      <tbody>
        {holds.map((h) => (
          <tr>
            <td data-label={t('hold.placed_at')}>{formatDateTime(h.placed_at)}</td>
            <td data-label={t('hold.reason')}>{h.reason ?? '—'}</td>
            <td data-label={t('hold.lifted_at')}>{h.lifted_at ? formatDateTime(h.lifted_at) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LegalHoldPanel({ caseId }) {
  const t = useT();
  const holds = useFetch(`/cases/${caseId}/legal-hold`, [caseId]);
  const h = holds.data;
  return (
    <section class="panel" aria-labelledby="hold-title">
      <h2 id="hold-title">{t('hold.title')}</h2>
      <p class="hint">{t('hold.explain')}</p>
      {holds.error ? (
        <Problem error={holds.error} />
      ) : !h ? (
        <Loading />
      ) : h.anonymised_at ? (
        <Notice title={t('hold.anonymised')}>{formatDateTime(h.anonymised_at)}</Notice>
      ) : (
        <>
          <Notice kind={h.held ? 'warning' : 'info'} title={h.held ? t('hold.held') : t('hold.not_held')} role="status" />
          {h.held ? <Lift caseId={caseId} onDone={holds.reload} /> : <Place caseId={caseId} onDone={holds.reload} />}
          <History holds={h.holds} />
        </>
      )}
    </section>
  );
}

/* The case page's tab, for a manager of the owner institution. */
export function LegalHold({ doc }) {
  return <LegalHoldPanel caseId={doc.id} />;
}
