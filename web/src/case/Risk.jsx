// Risk assessment with the instrument's own items (data from the server, in the user's
// language): the score and level are worked out as the form is filled in, the way the server
// will (weights, thresholds, critical items), and the professional's judgement may raise the
// level with a reason (a coordinator may also lower it). The server's answer is what counts.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useLang, useT } from '../lib/i18n.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { ErrorSummary, Select, TextArea } from '../components/Form.jsx';
import { Loading, Notice, Problem, RiskBadge } from '../components/Common.jsx';
import { can } from './CasePage.jsx';

export const LEVELS = ['standard', 'medium', 'high', 'extreme'];

/* The score and level the instrument gives for `answers` (as domain/risk.c does). */
export function scoreOf(instrument, answers) {
  let score = 0, critical = false;
  for (const item of instrument.items)
    if (answers[item.id] === true) {
      score += item.weight;
      critical ||= item.critical;
    }
  const th = instrument.thresholds;
  let level = score >= th.extreme ? 'extreme' : score >= th.high ? 'high' : score >= th.medium ? 'medium' : 'standard';
  if (critical && LEVELS.indexOf(level) < LEVELS.indexOf('high')) level = 'high';
  return { score, level, critical };
}

function ItemQuestion({ item, value, onValue, error }) {
  const t = useT();
  const name = `answers.${item.id}`;
  const choice = (v, text) => (
    <div class="choice">
      <input type="radio" id={`f-answers-${item.id}-${text}`} name={name} checked={value === v} onChange={() => onValue(v)} />
      <label for={`f-answers-${item.id}-${text}`}>{t(`risk.${text}`)}</label>
    </div>
  );
  return (
    <fieldset class={`risk-item${item.critical ? ' risk-item--critical' : ''}${error ? ' field--error' : ''}`} id={`f-answers-${item.id}`} tabIndex={-1}>
      <legend>
        {item.text}
        {item.critical && <span class="tag tag--danger">{t('risk.critical')}</span>}
      </legend>
      {error && <p class="field-error">{error}</p>}
      <div class="choices choices--inline">
        {choice(true, 'yes')}
        {choice(false, 'no')}
        {choice(undefined, 'unknown')}
      </div>
    </fieldset>
  );
}

function RiskForm({ doc, instrument, onDone }) {
  const t = useT();
  const label = useLabel();
  const { user } = useSession();
  const form = useForm({ answers: {}, override_level: '', override_reason: '' });
  const { score, level, critical } = scoreOf(instrument, form.values.answers);
  const answered = Object.keys(form.values.answers).length;
  const coordinator = user.role === 'coordinator';
  const overrides = LEVELS.filter((l) => l !== level && (coordinator || LEVELS.indexOf(l) > LEVELS.indexOf(level)));
  const setAnswer = (id, v) => {
    const answers = { ...form.values.answers };
    if (v === undefined) delete answers[id];
    else answers[id] = v;
    form.set('answers', answers);
  };
  const submit = form.submit(async (v) => {
    const body = { instrument: instrument.id, answers: v.answers };
    if (v.override_level) {
      body.override_level = v.override_level;
      body.override_reason = v.override_reason;
    }
    onDone(await api.post(`/cases/${doc.id}/assessments`, body));
  });
  return (
    <form onSubmit={submit} noValidate class="risk-form">
      <h3>{instrument.title}</h3>
      <div class="risk-score" aria-live="polite">
        <p>
          {t('risk.score_now', { score, answered, total: instrument.items.length })} <RiskBadge level={level} />
        </p>
        {critical && <p class="hint">{t('risk.critical_present')}</p>}
      </div>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      {instrument.items.map((item) => (
        <ItemQuestion item={item} value={form.values.answers[item.id]} onValue={(v) => setAnswer(item.id, v)} error={form.errors[`answers.${item.id}`]} />
      ))}
      <section class="panel" aria-labelledby="override-title">
        <h4 id="override-title">{t('risk.judgement')}</h4>
        <p class="hint">{coordinator ? t('risk.judgement_hint_coordinator') : t('risk.judgement_hint')}</p>
        <Select
          {...form.field('override_level')}
          label={t('risk.override_level')}
          placeholder={t('risk.no_override', { level: label('risk_level', level) })}
          options={overrides.map((l) => ({ value: l, label: label('risk_level', l) }))}
        />
        {form.values.override_level && <TextArea {...form.field('override_reason')} label={t('risk.override_reason')} rows={3} />}
      </section>
      <button class="button" type="submit" disabled={form.busy}>
        {t('risk.save')}
      </button>
    </form>
  );
}

function useInstrument(kind) {
  const lang = useLang();
  return useFetch(async () => {
    const list = await api.get(`/instruments${query({ kind })}`);
    const latest = list.items.sort((a, b) => b.version - a.version)[0];
    return latest ? api.get(`/instruments/${latest.id}`) : null;
  }, [kind, lang]);
}

export function Risk({ doc, reload, timeZone }) {
  const t = useT();
  const label = useLabel();
  const history = useFetch(`/cases/${doc.id}/assessments`, [doc.version]);
  const instrument = useInstrument(doc.kind);
  const [result, setResult] = useState(null);
  const [filling, setFilling] = useState(false);
  const done = (r) => {
    setResult(r);
    setFilling(false);
    reload();
  };
  return (
    <div>
      <h2>{t('tab.risk')}</h2>
      {result && (
        <Notice kind="success" role="status" title={t('risk.saved')}>
          <p>
            {t('risk.result', { score: result.score, level: label('risk_level', result.level), date: formatDate(result.next_review_on) })}
          </p>
        </Notice>
      )}
      {can(doc, 'assess') && !filling && (
        <button class="button" type="button" onClick={() => setFilling(true)}>
          {t('risk.new')}
        </button>
      )}
      {filling && (instrument.error ? <Problem error={instrument.error} /> : !instrument.data ? <Loading /> : <RiskForm doc={doc} instrument={instrument.data} onDone={done} />)}
      <h3>{t('risk.history')}</h3>
      {history.error ? (
        <Problem error={history.error} />
      ) : !history.data ? (
        <Loading />
      ) : history.data.items.length === 0 ? (
        <p class="empty">{t('risk.none')}</p>
      ) : (
        <table class="table table--cards">
          <thead>
            <tr>
              <th scope="col">{t('risk.assessed_at')}</th>
              <th scope="col">{t('risk.score')}</th>
              <th scope="col">{t('risk.level')}</th>
              <th scope="col">{t('risk.next_review')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.items.map((a) => (
              <tr>
                <td data-label={t('risk.assessed_at')}>{formatDateTime(a.assessed_at, timeZone)}</td>
                <td data-label={t('risk.score')}>{a.score}</td>
                <td data-label={t('risk.level')}>
                  <RiskBadge level={a.level} />
                  {a.overridden && <span class="hint"> {t('risk.overridden', { level: label('risk_level', a.computed_level) })}</span>}
                </td>
                <td data-label={t('risk.next_review')}>{formatDate(a.next_review_on)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
