// Feedback on the police: what the CSOs that accompanied victims said of the police response —
// were they told their rights, treated with respect, referred to support, and how long until
// the first contact — per quarter and per police institution, for the mechanism's coordinator
// and member institutions. A line with fewer than five answers (or hidden with one) reads
// "suppressed" and nothing else.
// The staff of a member CSO also record feedback here; no field names an officer.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLang, useT } from '../lib/i18n.js';
import { formatPercent, shownCount } from '../lib/figures.js';
import { useForm } from '../lib/form.js';
import { part } from '../lib/body.js';
import { isStaff, useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, Radios, Select, TextInput } from '../components/Form.jsx';
import { Loading, Notice, Page, Problem } from '../components/Common.jsx';
import { MechanismNav } from './MechanismNav.jsx';
import { isCoordinatorOf, useMechanism } from './mechanism.js';

const QUESTIONS = [
  ['informed_of_rights', ['yes', 'partly', 'no']],
  ['treated_respectfully', ['yes', 'partly', 'no']],
  ['referred_to_support', ['yes', 'no']],
];

function Record({ mechanism, onDone }) {
  const t = useT();
  const { directory } = useSession();
  const police = directory.institutions.filter((i) => i.type === 'police').sort((a, b) => a.name.localeCompare(b.name));
  const blank = { police_institution_id: '', occurred_on: '', informed_of_rights: '', treated_respectfully: '', referred_to_support: '', hours_to_first_contact: '' };
  const form = useForm(blank);
  const submit = form.submit(async (v) => {
    const hours = v.hours_to_first_contact.trim();
    const body = {
      ...part({ ...v, hours_to_first_contact: '' }),
      mechanism_id: mechanism.id,
      police_institution_id: Number(v.police_institution_id) || undefined,
    };
    if (hours !== '') body.hours_to_first_contact = /^\d+$/.test(hours) ? Number(hours) : hours;
    await api.post('/police-feedback', body);
    form.setValues(blank);
    onDone();
  });
  const answers = (codes) => codes.map((c) => ({ value: c, label: t(`feedback.${c}`) }));
  return (
    <section class="panel" aria-labelledby="feedback-record">
      <h2 id="feedback-record">{t('feedback.record')}</h2>
      <p class="hint">{t('feedback.record_hint')}</p>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <Select {...form.field('police_institution_id')} label={t('feedback.police')} placeholder={t('form.choose')} options={police.map((i) => ({ value: String(i.id), label: i.name }))} />
        <DateInput {...form.field('occurred_on')} legend={t('feedback.occurred_on')} />
        {QUESTIONS.map(([q, codes]) => (
          <Radios {...form.field(q)} legend={t(`feedback.${q}`)} options={answers(codes)} inline />
        ))}
        <TextInput {...form.field('hours_to_first_contact')} label={t('feedback.hours')} hint={t('feedback.hours_hint')} width="code" inputMode="numeric" />
        <button class="button" type="submit" disabled={form.busy}>
          {t('feedback.save')}
        </button>
      </form>
    </section>
  );
}

/* One line of the aggregate: the quarter's, or a police institution's in it. */
function Line({ line, head, sub }) {
  const t = useT();
  const lang = useLang();
  const share = (q, code) => (line[q] ? formatPercent(line[q][code], lang) : '—');
  const hidden = typeof line.answers === 'string';
  return (
    <tr class={sub ? 'row--sub' : undefined}>
      <th scope="row">{head}</th>
      <td class="num">
        {shownCount(line.answers, lang)}
        {hidden && <span class="visually-hidden"> ({t('report.hidden_cell')})</span>}
      </td>
      {QUESTIONS.map(([q, codes]) => (
        <td>{line[q] ? codes.map((c) => `${t(`feedback.${c}`)} ${share(q, c)}`).join(' · ') : '—'}</td>
      ))}
      <td class="num">{line.median_hours_to_first_contact ?? '—'}</td>
    </tr>
  );
}

function Aggregate({ data }) {
  const t = useT();
  const hides = data.quarters.some((q) => typeof q.answers === 'string' || q.police.some((p) => typeof p.answers === 'string'));
  return (
    <section aria-labelledby="feedback-aggregate">
      <h2 id="feedback-aggregate">{t('feedback.aggregate', { year: data.year })}</h2>
      <div class="table-scroll" role="region" tabIndex={0} aria-label={t('feedback.aggregate', { year: data.year })}>
        <table class="table table--report">
          <caption class="visually-hidden">{t('feedback.aggregate', { year: data.year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dash.quarter')}</th>
              <th scope="col" class="num">
                {t('feedback.answers')}
              </th>
              {QUESTIONS.map(([q]) => (
                <th scope="col">{t(`feedback.${q}`)}</th>
              ))}
              <th scope="col" class="num">
                {t('feedback.median_hours')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.quarters.map((q) => [
              <Line line={q} head={t('dash.q', { n: q.quarter })} />,
              ...q.police.map((p) => <Line line={p} head={p.name} sub />),
            ])}
          </tbody>
        </table>
      </div>
      {hides && <p class="table-note">{t('feedback.small_note')}</p>}
    </section>
  );
}

export function PoliceFeedback({ params }) {
  const t = useT();
  const { user, directory } = useSession();
  const { mechanism, mine } = useMechanism(params.id);
  const id = mechanism?.id;
  // the server's current year (its clock decides, as for every date it checks)
  const data = useFetch(() => (id ? api.get(`/mechanisms/${id}/police-feedback`) : Promise.resolve(null)), [id]);
  const [saved, setSaved] = useState(false);
  if (!mechanism)
    return (
      <Page title={t('feedback.title')}>
        <Notice kind="warning">
          <p>{t('gov.no_mechanism')}</p>
        </Notice>
      </Page>
    );
  const cso = isStaff(user) && directory.institution(user.institution_id)?.type === 'cso';
  return (
    <Page title={t('feedback.title')} subtitle={mechanism.name} wide>
      <MechanismNav mechanism={mechanism} current="/police-feedback" mine={mine} coordinator={isCoordinatorOf(user, mechanism)} />
      {saved && (
        <Notice kind="success" role="status" title={t('feedback.saved')} />
      )}
      {data.error ? <Problem error={data.error} /> : !data.data ? <Loading /> : <Aggregate data={data.data} />}
      {cso && (
        <Record
          mechanism={mechanism}
          onDone={() => {
            setSaved(true);
            data.reload();
          }}
        />
      )}
    </Page>
  );
}
