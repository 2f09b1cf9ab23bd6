// The register of trainings: each with its participants by institution type, women and men,
// whether it trained trainers and which training it follows on from; and the year's totals by
// institution type and sex. Coordinators, the national coordinator and administrators record.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { formatDate, todayIn } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { part } from '../lib/body.js';
import { href } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Checkbox, DateInput, ErrorSummary, Select, TextInput } from '../components/Form.jsx';
import { Loading, Notice, Page, Problem } from '../components/Common.jsx';

const WRITERS = ['coordinator', 'national', 'admin'];

function Participants({ form }) {
  const t = useT();
  const options = useOptions();
  const rows = form.values.participants;
  return (
    <fieldset class="repeat-group">
      <legend class="legend">{t('training.participants')}</legend>
      {rows.map((_, i) => (
        <div class="participant-row">
          <Select {...form.field(`participants.${i}.institution_type`)} label={t('training.institution_type')} placeholder={t('form.choose')} options={options('institution_type')} />
          <TextInput {...form.field(`participants.${i}.women`)} label={t('training.women')} width="code" inputMode="numeric" />
          <TextInput {...form.field(`participants.${i}.men`)} label={t('training.men')} width="code" inputMode="numeric" />
          <button type="button" class="button button--secondary button--small" onClick={() => form.set('participants', rows.filter((__, j) => j !== i))}>
            {t('training.remove_row', { n: i + 1 })}
          </button>
        </div>
      ))}
      <button type="button" class="button button--secondary" onClick={() => form.set('participants', [...rows, { institution_type: '', women: '0', men: '0' }])}>
        {t('training.add_row')}
      </button>
    </fieldset>
  );
}

function Record({ trainings, mechanisms, onDone }) {
  const t = useT();
  const form = useForm({ title: '', topic: '', starts_on: '', ends_on: '', place: '', organiser: '', funder: '', trainer_of_trainers: false, follows_training_id: '', mechanism_id: mechanisms[0] ? String(mechanisms[0].id) : '', participants: [{ institution_type: '', women: '0', men: '0' }] });
  const submit = form.submit(async (v) => {
    const body = part({ ...v, follows_training_id: Number(v.follows_training_id) || '', mechanism_id: Number(v.mechanism_id) || '', participants: undefined }, ['trainer_of_trainers']) || {};
    body.trainer_of_trainers = v.trainer_of_trainers;
    body.participants = v.participants.map((p) => ({ institution_type: p.institution_type || undefined, women: Number(p.women) || 0, men: Number(p.men) || 0 }));
    onDone(await api.post('/trainings', body));
  });
  return (
    <section class="panel" aria-labelledby="record-title">
      <h2 id="record-title">{t('training.record')}</h2>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <TextInput {...form.field('title')} label={t('training.title_field')} />
        <TextInput {...form.field('topic')} label={t('training.topic')} />
        <DateInput {...form.field('starts_on')} legend={t('training.starts_on')} />
        <DateInput {...form.field('ends_on')} legend={t('training.ends_on')} />
        <TextInput {...form.field('place')} label={t('training.place')} />
        <TextInput {...form.field('organiser')} label={t('training.organiser')} />
        <TextInput {...form.field('funder')} label={t('training.funder')} />
        {mechanisms.length > 0 && (
          <Select {...form.field('mechanism_id')} label={t('case.mechanism')} options={mechanisms.map((m) => ({ value: String(m.id), label: m.name }))} />
        )}
        <Checkbox {...form.field('trainer_of_trainers')} label={t('training.tot')} hint={t('training.tot_hint')} />
        <Select
          {...form.field('follows_training_id')}
          label={t('training.follows')}
          hint={t('training.follows_hint')}
          placeholder={t('training.follows_none')}
          options={trainings.filter((x) => x.trainer_of_trainers).map((x) => ({ value: String(x.id), label: `${x.title} (${formatDate(x.starts_on)})` }))}
        />
        <Participants form={form} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('training.save')}
        </button>
      </form>
    </section>
  );
}

// `version` changes when a training is recorded, so the totals are read again.
function Totals({ year, mechanismId, version }) {
  const t = useT();
  const label = useLabel();
  const { data, error } = useFetch(() => api.get(`/trainings/totals${query({ year, mechanism_id: mechanismId })}`), [year, mechanismId, version]);
  if (error) return <Problem error={error} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="totals-title">
      <h2 id="totals-title">{t('training.totals', { year })}</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('training.institution_type')}</th>
            <th scope="col">{t('training.trainings')}</th>
            <th scope="col">{t('training.women')}</th>
            <th scope="col">{t('training.men')}</th>
          </tr>
        </thead>
        <tbody>
          {data.by_institution_type.map((r) => (
            <tr>
              <th scope="row">{label('institution_type', r.institution_type)}</th>
              <td>{r.trainings}</td>
              <td>{r.women}</td>
              <td>{r.men}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('training.total')}</th>
            <td>{data.total.trainings}</td>
            <td>{data.total.women}</td>
            <td>{data.total.men}</td>
          </tr>
        </tfoot>
      </table>
      <p class="hint">{t('training.tot_count', { tot: data.trainer_of_trainers, follow: data.follow_on })}</p>
    </section>
  );
}

export function Trainings({ query: q }) {
  const t = useT();
  const { user, directory } = useSession();
  const year = q.year || todayIn(directory.tz).slice(0, 4);
  const mechanismId = q.mechanism_id || (user.role === 'coordinator' && directory.myMechanisms[0] ? String(directory.myMechanisms[0].id) : '');
  const list = useFetch(() => api.get(`/trainings${query({ mechanism_id: mechanismId, from: `${year}-01-01`, to: `${year}-12-31`, limit: 500 })}`), [year, mechanismId]);
  const [recording, setRecording] = useState(false);
  const [saved, setSaved] = useState(null);
  const [version, setVersion] = useState(0);
  const may = WRITERS.includes(user.role);
  return (
    <Page title={t('training.title')} wide>
      <nav class="year-nav" aria-label={t('meeting.years')}>
        {[Number(year) - 1, Number(year), Number(year) + 1].map((y) => (
          <a href={href('/trainings', { year: String(y), mechanism_id: q.mechanism_id })} aria-current={String(y) === year ? 'page' : undefined}>
            {y}
          </a>
        ))}
      </nav>
      {saved && <Notice kind="success" role="status" title={t('training.saved', { title: saved.title })} />}
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('training.none', { year })}</p>
      ) : (
        <table class="table table--cards">
          <thead>
            <tr>
              <th scope="col">{t('training.title_field')}</th>
              <th scope="col">{t('training.dates')}</th>
              <th scope="col">{t('training.women')}</th>
              <th scope="col">{t('training.men')}</th>
              <th scope="col">{t('training.kind')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((x) => (
              <tr>
                <td data-label={t('training.title_field')}>
                  {x.title}
                  <span class="hint"> — {x.topic}</span>
                </td>
                <td data-label={t('training.dates')}>
                  {formatDate(x.starts_on)} – {formatDate(x.ends_on)}
                </td>
                <td data-label={t('training.women')}>{x.participants_total.women}</td>
                <td data-label={t('training.men')}>{x.participants_total.men}</td>
                <td data-label={t('training.kind')}>
                  {x.trainer_of_trainers ? t('training.tot_short') : x.follows_training_id ? t('training.follow_short') : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Totals year={year} mechanismId={mechanismId} version={version} />
      {may &&
        (recording ? (
          <Record
            trainings={list.data?.items || []}
            mechanisms={user.role === 'coordinator' ? directory.myMechanisms : directory.mechanisms}
            onDone={(x) => {
              setSaved(x);
              setRecording(false);
              list.reload();
              setVersion((v) => v + 1);
            }}
          />
        ) : (
          <button class="button" type="button" onClick={() => setRecording(true)}>
            {t('training.record')}
          </button>
        ))}
    </Page>
  );
}
