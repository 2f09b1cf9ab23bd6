// The survivor's consent records: what each one lets which institutions read. A new record can
// be added; a withdrawal ends, at once, every access that relied on that record.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { Checkboxes, ErrorSummary, Radios } from '../components/Form.jsx';
import { Facts, Problem } from '../components/Common.jsx';
import { can } from './CasePage.jsx';

function Withdraw({ consent, reload }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState(null);
  const go = async () => {
    try {
      await api.post(`/consents/${consent.id}/withdraw`, {});
      reload();
    } catch (e) {
      setError(e);
    }
  };
  if (!asking)
    return (
      <button class="button button--warning button--small" type="button" onClick={() => setAsking(true)}>
        {t('consent.withdraw')}
      </button>
    );
  return (
    <div class="confirm" role="group" aria-label={t('consent.withdraw')}>
      <p>{t('consent.withdraw_confirm')}</p>
      <Problem error={error} />
      <div class="button-row">
        <button class="button button--warning" type="button" onClick={go}>
          {t('consent.withdraw_yes')}
        </button>
        <button class="button button--secondary" type="button" onClick={() => setAsking(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function AddConsent({ doc, reload }) {
  const t = useT();
  const options = useOptions();
  const { directory } = useSession();
  const form = useForm({ given: true, method: '', institution_types: [], institution_ids: [], categories: [] });
  const members = directory.institutions.filter((i) => i.id !== doc.owner_institution_id);
  const submit = form.submit(async (v) => {
    await api.post(`/cases/${doc.id}/consents`, { ...v, method: v.method || undefined });
    reload();
  });
  return (
    <section class="panel" aria-labelledby="add-consent">
      <h3 id="add-consent">{t('consent.add')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <Radios
          {...form.field('given')}
          legend={t('consent.given_question')}
          inline
          options={[
            { value: true, label: t('consent.yes') },
            { value: false, label: t('consent.no') },
          ]}
        />
        <Radios {...form.field('method')} legend={t('consent.method')} options={options('consent_method')} inline />
        {form.values.given && (
          <>
            <Checkboxes {...form.field('institution_types')} legend={t('consent.institution_types')} options={options('institution_type')} columns />
            <Checkboxes
              {...form.field('institution_ids')}
              legend={t('consent.institutions')}
              hint={t('consent.institutions_hint')}
              options={members.map((i) => ({ value: i.id, label: i.name }))}
              columns
            />
            <Checkboxes {...form.field('categories')} legend={t('consent.categories')} options={options('category')} columns />
          </>
        )}
        <button class="button" type="submit" disabled={form.busy}>
          {t('consent.save')}
        </button>
      </form>
    </section>
  );
}

export function Consents({ doc, reload, timeZone }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  return (
    <div>
      <h2>{t('consent.title')}</h2>
      {doc.consents.length === 0 && <p class="empty">{t('consent.none')}</p>}
      <ul class="cards">
        {doc.consents.map((c) => (
          <li class={`card${c.withdrawn_at ? ' card--muted' : ''}`}>
            <p class="card-title">
              {c.given ? t('consent.given') : t('consent.refused')} · {label('consent_method', c.method)}
              {c.withdrawn_at && <span class="tag tag--cancelled">{t('consent.withdrawn_tag')}</span>}
            </p>
            <Facts
              items={[
                [t('consent.recorded'), formatDateTime(c.recorded_at, timeZone)],
                [t('consent.withdrawn'), c.withdrawn_at && formatDateTime(c.withdrawn_at, timeZone)],
                [t('consent.institution_types'), c.institution_types.map((x) => label('institution_type', x)).join(', ')],
                [t('consent.institutions'), c.institution_ids.map((x) => directory.institutionName(x)).join(', ')],
                [t('consent.categories'), c.categories.map((x) => label('category', x)).join(', ')],
              ]}
            />
            {!c.withdrawn_at && can(doc, 'consent') && <Withdraw consent={c} reload={reload} />}
          </li>
        ))}
      </ul>
      {can(doc, 'consent') && <AddConsent doc={doc} reload={reload} />}
    </div>
  );
}
