// Ad hoc meetings: any member institution asks for one with a reason and the cases it is
// about; the coordinator reads the requests and answers each — a meeting scheduled for it, or
// declined with a reason. Staff see their own institution's requests and the answers.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { Checkboxes, ErrorSummary, Radios, Select, TextArea } from '../components/Form.jsx';
import { Loading, Notice, Page, Problem, Tag } from '../components/Common.jsx';
import { MechanismNav } from './MechanismNav.jsx';
import { isCoordinatorOf, useMechanism } from './mechanism.js';

function Ask({ mechanism, onDone }) {
  const t = useT();
  const cases = useFetch(() => api.get(`/cases${query({ limit: 500 })}`), []);
  const form = useForm({ reason: '', case_ids: [] });
  const submit = form.submit(async (v) => {
    const body = { reason: v.reason };
    if (v.case_ids.length) body.case_ids = v.case_ids.map(Number);
    onDone(await api.post(`/mechanisms/${mechanism.id}/meeting-requests`, body));
    form.setValues({ reason: '', case_ids: [] });
  });
  const mine = (cases.data?.items || []).filter((c) => c.mechanism_id === mechanism.id && c.status !== 'closed');
  return (
    <section class="panel" aria-labelledby="ask-title">
      <h2 id="ask-title">{t('request.ask')}</h2>
      <p class="hint">{t('request.ask_hint')}</p>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} prefix={form.prefix} />
      <form onSubmit={submit} noValidate>
        <TextArea {...form.field('reason')} label={t('request.reason')} rows={3} />
        {mine.length > 0 && (
          <Checkboxes {...form.field('case_ids')} legend={t('request.cases')} hint={t('request.cases_hint')} options={mine.map((c) => ({ value: c.id, label: c.reference }))} columns />
        )}
        <button class="button" type="submit" disabled={form.busy}>
          {t('request.send')}
        </button>
      </form>
    </section>
  );
}

function Answer({ request, meetings, onDone }) {
  const t = useT();
  const form = useForm({ status: '', meeting_id: '', answer: '' }, { prefix: `request${request.id}` });
  const submit = form.submit(async (v) => {
    const body = { status: v.status || undefined };
    if (v.status === 'scheduled' && v.meeting_id) body.meeting_id = Number(v.meeting_id);
    if (v.answer.trim()) body.answer = v.answer;
    onDone(await api.post(`/meeting-requests/${request.id}/answer`, body));
  });
  return (
    <form onSubmit={submit} noValidate class="subform" aria-label={t('request.answer')}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} prefix={form.prefix} />
      <Radios
        {...form.field('status')}
        legend={t('request.answer')}
        inline
        options={[
          { value: 'scheduled', label: t('request.answer_scheduled') },
          { value: 'declined', label: t('request.answer_declined') },
        ]}
      />
      {form.values.status === 'scheduled' && (
        <Select
          {...form.field('meeting_id')}
          label={t('request.meeting')}
          hint={t('request.meeting_hint')}
          placeholder={t('form.choose')}
          options={meetings.map((m) => ({ value: String(m.id), label: m.label }))}
        />
      )}
      <TextArea {...form.field('answer')} label={form.values.status === 'declined' ? t('request.why_declined') : t('request.note')} rows={2} />
      <button class="button" type="submit" disabled={form.busy}>
        {t('request.answer_send')}
      </button>
    </form>
  );
}

export function MeetingRequests({ params, query: q }) {
  const t = useT();
  const label = useLabel();
  const { user, directory } = useSession();
  const { mechanism, mine, tz } = useMechanism(params.id);
  const status = q.status === 'answered' ? 'answered' : 'open';
  const list = useFetch(() => (mechanism ? api.get(`/mechanisms/${mechanism.id}/meeting-requests${query({ status })}`) : Promise.resolve({ items: [] })), [mechanism?.id, status]);
  const coordinator = isCoordinatorOf(user, mechanism);
  const meetings = useFetch(() => (mechanism && coordinator ? api.get(`/mechanisms/${mechanism.id}/meetings`) : Promise.resolve({ items: [] })), [mechanism?.id]);
  const [answering, setAnswering] = useState(null);
  const [sent, setSent] = useState(false);
  if (!mechanism) return <Page title={t('gov.requests')}><Notice kind="warning"><p>{t('gov.no_mechanism')}</p></Notice></Page>;
  const scheduled = (meetings.data?.items || [])
    .filter((m) => m.status === 'scheduled')
    .map((m) => ({ id: m.id, label: `${label('meeting_kind', m.kind)}, ${formatDateTime(m.scheduled_at, tz)}` }));
  return (
    <Page title={t('gov.requests')} subtitle={mechanism.name} wide>
      <MechanismNav mechanism={mechanism} current="/requests" mine={mine} coordinator={coordinator} />
      <nav class="year-nav" aria-label={t('request.which')}>
        <a href={`#/mechanisms/${mechanism.id}/requests`} aria-current={status === 'open' ? 'page' : undefined}>
          {t('request.open')}
        </a>
        <a href={`#/mechanisms/${mechanism.id}/requests?status=answered`} aria-current={status === 'answered' ? 'page' : undefined}>
          {t('request.answered')}
        </a>
      </nav>
      {sent && <Notice kind="success" role="status" title={t('request.sent')} />}
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('request.none')}</p>
      ) : (
        <ul class="cards">
          {list.data.items.map((r) => (
            <li class="card">
              <p class="card-title">
                {directory.institutionName(r.institution_id)} <Tag group="meeting_request_status" code={r.status} tone={r.status === 'open' ? 'sent' : r.status === 'scheduled' ? 'done' : 'declined'} />
              </p>
              <p class="hint">{formatDateTime(r.created_at, tz)}</p>
              <p class="narrative">{r.reason}</p>
              {r.cases.length > 0 && (
                <p>
                  {t('request.cases')}:{' '}
                  {r.cases.map((c, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`#/cases/${c.id}`}>{c.reference}</a>
                    </>
                  ))}
                </p>
              )}
              {r.answer && (
                <p>
                  <strong>{t('request.their_answer')}:</strong> {r.answer}
                </p>
              )}
              {r.meeting_id && (
                <p>
                  <a href={`#/meetings/${r.meeting_id}`}>{t('request.see_meeting')}</a>
                </p>
              )}
              {coordinator && r.status === 'open' &&
                (answering === r.id ? (
                  <Answer
                    request={r}
                    meetings={scheduled}
                    onDone={() => {
                      setAnswering(null);
                      list.reload();
                    }}
                  />
                ) : (
                  <button class="button button--secondary button--small" type="button" onClick={() => setAnswering(r.id)}>
                    {t('request.answer')}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
      {!coordinator && (
        <Ask
          mechanism={mechanism}
          onDone={() => {
            setSent(true);
            list.reload();
          }}
        />
      )}
    </Page>
  );
}
