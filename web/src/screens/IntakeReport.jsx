// One report of the intake queue: what it says (only the parts the victim consented to for
// this reader; the rest is named as withheld), and the triage — open a case from it (then the
// case opens), refer it to the police, or close it with a reason — with the message the
// reporter reads with the receipt. Its CSO passes a held report to the police from here.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useForm } from '../lib/form.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { navigate } from '../lib/router.js';
import { isStaff, useSession } from '../lib/session.js';
import { ErrorSummary, Radios, Select, TextArea, TextInput } from '../components/Form.jsx';
import { Facts, Loading, Notice, Page, Problem, Tag, Withheld } from '../components/Common.jsx';

const CHOICES = ['case', 'referral', 'close'];

function Triage({ report, onDone }) {
  const t = useT();
  const options = useOptions();
  const { user, directory } = useSession();
  const form = useForm({ choice: '', given_name: '', family_name: '', sex: '', institution_id: '', reason: '', message: '' });
  const v = form.values;
  const police = directory.institutions.filter((i) => i.type === 'police').sort((a, b) => a.name.localeCompare(b.name));
  const choices = CHOICES.filter((c) => c !== 'case' || isStaff(user)).filter((c) => c !== 'referral' || !report.police_institution_id);
  const submit = form.submit(async (x) => {
    const message = x.message.trim() ? x.message : undefined;
    if (x.choice === 'case') {
      const c = await api.post(`/intake/${report.id}/convert`, {
        into: 'case', message,
        survivor: { given_name: x.given_name || undefined, family_name: x.family_name || undefined, sex: x.sex || undefined },
      });
      navigate(`/cases/${c.id}`);
    } else if (x.choice === 'referral') {
      onDone(await api.post(`/intake/${report.id}/convert`, { into: 'referral', institution_id: x.institution_id === '' ? undefined : x.institution_id, message }));
    } else if (x.choice === 'close') {
      onDone(await api.post(`/intake/${report.id}/close`, { reason: x.reason || undefined, message }));
    }
  });
  const labels = {
    'survivor.given_name': t('intake.given_name'), 'survivor.family_name': t('intake.family_name'), 'survivor.sex': t('intake.sex'),
    institution_id: t('intake.police_institution'), reason: t('intake.reason'), message: t('intake.message'),
  };
  return (
    <section class="panel" aria-labelledby="triage-title">
      <h2 id="triage-title">{t('intake.triage')}</h2>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} labels={labels} />
      <form onSubmit={submit} noValidate>
        <Radios {...form.field('choice')} legend={t('intake.choice')} options={choices.map((c) => ({ value: c, label: t(`intake.choice_${c}`) }))} />
        {v.choice === 'case' && (
          <>
            <p class="hint">{t('intake.case_hint')}</p>
            <TextInput {...form.field('given_name')} error={form.errors['survivor.given_name']} label={labels['survivor.given_name']} autocomplete="off" />
            <TextInput {...form.field('family_name')} error={form.errors['survivor.family_name']} label={labels['survivor.family_name']} autocomplete="off" />
            <Radios {...form.field('sex')} error={form.errors['survivor.sex']} legend={labels['survivor.sex']} inline options={options('sex')} />
          </>
        )}
        {v.choice === 'referral' && (
          <Select {...form.field('institution_id')} label={labels.institution_id} placeholder={t('form.choose')} numeric options={police.map((i) => ({ value: i.id, label: i.name }))} />
        )}
        {v.choice === 'close' && <TextArea {...form.field('reason')} label={labels.reason} hint={t('intake.reason_hint')} rows={2} />}
        {v.choice && <TextArea {...form.field('message')} label={labels.message} hint={t('intake.message_hint')} rows={2} />}
        {v.choice && (
          <button class="button" type="submit" disabled={form.busy}>
            {t(`intake.do_${v.choice}`)}
          </button>
        )}
      </form>
    </section>
  );
}

function Message({ report, onDone }) {
  const t = useT();
  const form = useForm({ message: report.message || '' });
  const submit = form.submit(async (x) => onDone(await api.put(`/intake/${report.id}/message`, { message: x.message || undefined })));
  return (
    <section class="panel" aria-labelledby="message-title">
      <h2 id="message-title">{t('intake.message')}</h2>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} labels={{ message: t('intake.message') }} />
      <form onSubmit={submit} noValidate>
        <TextArea {...form.field('message')} label={t('intake.message')} hint={t('intake.message_hint')} rows={2} />
        <button class="button button--secondary" type="submit" disabled={form.busy}>
          {t('intake.message_save')}
        </button>
      </form>
    </section>
  );
}

export function IntakeReport({ params }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const report = useFetch(() => api.get(`/intake/${params.id}`), [params.id]);
  const [saved, setSaved] = useState(false);
  const [passError, setPassError] = useState(null);
  if (report.error) return <Page title={t('intake.report')}><Problem error={report.error} /></Page>;
  if (!report.data) return <Loading />;
  const r = report.data;
  const done = !!r.case_id || r.status === 'closed';
  const reload = () => {
    setSaved(true);
    report.reload();
  };
  const muni = directory.municipalities.find((m) => m.id === r.municipality_id)?.name;
  const list = (group, codes) => codes.map((c) => label(group, c)).join(', ');
  const pass = async () => {
    setPassError(null);
    try {
      await api.post(`/intake/${r.id}/pass`);
      reload();
    } catch (e) {
      setPassError(e);
    }
  };
  return (
    <Page title={t('intake.report')} subtitle={`${label('case_kind', r.kind)} · ${muni || ''}`}>
      <p>
        <a href="#/intake">{t('intake.back')}</a>
      </p>
      {saved && <Notice kind="success" role="status" title={t('intake.saved')} />}
      <p>
        <Tag group="intake_status" code={r.status} tone={r.status === 'received' ? 'sent' : r.status === 'closed' ? 'declined' : 'done'} />
        {r.overdue && (
          <>
            {' '}
            <span class="tag tag--danger">{t('intake.overdue')}</span>
          </>
        )}
      </p>
      <Facts
        items={[
          [t('intake.received'), r.received_at ? formatDateTime(r.received_at, directory.tz) : null],
          [t('intake.age_label'), r.age_working_days !== null ? t('intake.age', { days: r.age_working_days }) : null],
          [t('intake.source'), label('intake_source', r.source)],
          [t('intake.reporter'), r.reporter ? label('reporter', r.reporter) : null],
          [t('intake.occurred_on'), r.occurred_on ? formatDate(r.occurred_on) : null],
          [t('intake.forms'), list('form', r.forms)],
          [t('intake.bias'), list('bias', r.bias)],
          [t('intake.wants_contact'), r.wants_contact ? t('intake.yes') : t('intake.no')],
          [t('intake.police'), r.source === 'cso' ? label('police_disclosure', r.police_disclosure) : null],
          [t('intake.basis'), r.anonymised ? t('intake.basis_anonymised') : r.consent ? `${label('consent_method', r.consent.method)}: ${list('category', r.consent.categories)}` : null],
        ]}
      />
      <h2>{t('intake.what_they_said')}</h2>
      <Facts
        items={[
          [t('intake.description'), r.description],
          [t('intake.place'), r.place],
          [t('intake.name'), r.name],
          [t('intake.contact'), r.contact],
        ]}
      />
      {r.withheld.length > 0 && <Withheld>{t('intake.withheld', { parts: r.withheld.map((w) => t(`intake.${w}`)).join(', ') })}</Withheld>}
      {r.case_id && (
        <p>
          <a href={`#/cases/${r.case_id}`}>{t('intake.see_case')}</a>
        </p>
      )}
      {r.police_institution_id && <p>{t('intake.referred_to', { name: directory.institutionName(r.police_institution_id) })}</p>}
      {r.close_reason && (
        <p>
          <strong>{t('intake.reason')}:</strong> {r.close_reason}
        </p>
      )}
      {r.held && (
        <>
          <Problem error={passError} />
          <button class="button" type="button" onClick={pass}>
            {t('intake.pass')}
          </button>
        </>
      )}
      {r.may_triage && !done && <Triage report={r} onDone={reload} />}
      {r.may_triage && done && <Message report={r} onDone={reload} />}
    </Page>
  );
}
