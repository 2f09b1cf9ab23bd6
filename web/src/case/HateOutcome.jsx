// What became of a hate-crime case, for the figures: reported to the police, investigated,
// prosecuted, each with the day it became true. Anyone who sees the case reads it; the police
// record the report and the investigation, the prosecution the prosecution, the institution
// that owns the case the report to the police (the server decides; the form offers only those).
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { isStaff, useSession } from '../lib/session.js';
import { Checkbox, DateInput, ErrorSummary } from '../components/Form.jsx';
import { Facts, Loading, Problem } from '../components/Common.jsx';

const OUTCOMES = ['reported_to_police', 'investigated', 'prosecuted'];

/* The outcomes this person may record on the case (domain/hate_crime.c says the same). */
function settable(user, type, doc) {
  if (!isStaff(user) || !['owner', 'referral'].includes(doc.access)) return [];
  const owner = doc.access === 'owner';
  return OUTCOMES.filter((o) => (o === 'prosecuted' ? type === 'prosecution' : type === 'police' || (o === 'reported_to_police' && owner)));
}

function Record({ doc, outcome, mine, onDone }) {
  const t = useT();
  const initial = {};
  for (const o of mine) {
    initial[o] = outcome[o];
    initial[`${o}_on`] = outcome[`${o}_on`] || '';
  }
  const form = useForm(initial);
  const submit = form.submit(async (v) => {
    const body = {};
    for (const o of mine) {
      body[o] = !!v[o];
      if (v[o] && v[`${o}_on`]) body[`${o}_on`] = v[`${o}_on`];
    }
    onDone(await api.put(`/cases/${doc.id}/hate-crime-outcome`, body));
  });
  return (
    <section class="panel" aria-labelledby="outcome-record">
      <h3 id="outcome-record">{t('outcome.record')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        {mine.map((o) => (
          <div class="outcome-field">
            <Checkbox {...form.field(o)} label={t(`outcome.${o}`)} />
            {form.values[o] && <DateInput {...form.field(`${o}_on`)} legend={t('outcome.since_of', { outcome: t(`outcome.${o}`) })} hint={t('outcome.since_hint')} />}
          </div>
        ))}
        <button class="button" type="submit" disabled={form.busy}>
          {t('outcome.save')}
        </button>
      </form>
    </section>
  );
}

export function HateOutcome({ doc }) {
  const t = useT();
  const { user, directory } = useSession();
  const outcome = useFetch(`/cases/${doc.id}/hate-crime-outcome`, [doc.id]);
  const mine = settable(user, directory.institution(user.institution_id)?.type, doc);
  const o = outcome.data;
  const fact = (k) => (o[k] ? t('outcome.yes_since', { date: formatDate(o[`${k}_on`]) }) : t('outcome.no'));
  return (
    <div>
      <h2>{t('tab.outcome')}</h2>
      <p class="hint">{t('outcome.explain')}</p>
      {outcome.error ? (
        <Problem error={outcome.error} />
      ) : !o ? (
        <Loading />
      ) : (
        <>
          <Facts items={OUTCOMES.map((k) => [t(`outcome.${k}`), fact(k)])} />
          {mine.length > 0 && <Record key={o.updated_at || 'new'} doc={doc} outcome={o} mine={mine} onDone={outcome.setData} />}
        </>
      )}
    </div>
  );
}
