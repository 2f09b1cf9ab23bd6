// The data-protection officer's screen (the auditor; the administrator reads the record too):
// the record of processing activities generated from the live configuration, as a page to
// print or as JSON, with its sharing channels and their legal basis on screen; and, for the
// auditor, a person's register copy found by names and birth date (sent in a request body,
// never in the address).
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { LANGUAGES, useLabel, useLang, useT } from '../lib/i18n.js';
import { useFetch } from '../lib/fetch.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, Select, TextInput } from '../components/Form.jsx';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { CopyActions } from '../case/SubjectAccess.jsx';

function RecordLinks() {
  const t = useT();
  const [lang, setLang] = useState(useLang());
  return (
    <div class="copy-actions">
      <Select name="record-lang" label={t('sar.language')} value={lang} onValue={setLang} options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))} />
      <p class="actions">
        <a class="button button--secondary button--small" href={`/api/v1/processing-record?format=html&lang=${lang}`} target="_blank" rel="noopener noreferrer">
          {t('sar.print_view')}
        </a>{' '}
        <a class="button button--secondary button--small" href="/api/v1/processing-record" download="ura-processing-record.json">
          {t('sar.download_json')}
        </a>
      </p>
    </div>
  );
}

function Record() {
  const t = useT();
  const label = useLabel();
  const record = useFetch(() => api.get('/processing-record'), []);
  if (record.error) return <Problem error={record.error} />;
  if (!record.data) return <Loading />;
  const r = record.data;
  return (
    <section aria-labelledby="record-title" class="panel">
      <h2 id="record-title">{t('dp.record')}</h2>
      <p>{t('dp.record_intro', { institutions: r.institutions.length, types: r.institution_types.length })}</p>
      <RecordLinks />
      <table class="table">
        <caption>{t('dp.sharing')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dp.channel')}</th>
            <th scope="col">{t('dp.basis')}</th>
            <th scope="col">{t('dp.referrals_year')}</th>
          </tr>
        </thead>
        <tbody>
          {r.channels.map((c) => (
            <tr>
              <td>{label('processing_channel', c.channel)}</td>
              <td>
                {label('legal_basis', c.basis)} <small>({c.articles})</small>
              </td>
              <td>{c.referrals_12_months ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function PersonCopy() {
  const t = useT();
  const [found, setFound] = useState(null);
  const form = useForm({ given_name: '', family_name: '', date_of_birth: '' });
  const submit = form.submit(async (v) => {
    setFound(await api.post('/subject-access/search', { given_name: v.given_name.trim(), family_name: v.family_name.trim(), date_of_birth: v.date_of_birth }));
  });
  return (
    <section aria-labelledby="copy-title" class="panel">
      <h2 id="copy-title">{t('dp.copy')}</h2>
      <p>{t('dp.copy_intro')}</p>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <TextInput {...form.field('given_name')} label={t('person.given_name')} autocomplete="off" />
        <TextInput {...form.field('family_name')} label={t('person.family_name')} autocomplete="off" />
        <DateInput {...form.field('date_of_birth')} legend={t('person.date_of_birth')} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('search.submit')}
        </button>
      </form>
      {found && (
        <div class="search-results">
          <p role="status">{t('search.found', { n: found.items.length })}</p>
          {found.items.length > 0 && (
            <>
              <ul>
                {found.items.map((c) => (
                  <li>{c.reference}</li>
                ))}
              </ul>
              <CopyActions caseIds={found.items.slice(0, 10).map((c) => c.id)} name="ura-register" idPrefix="sar-found" />
            </>
          )}
        </div>
      )}
    </section>
  );
}

export function DataProtection() {
  const t = useT();
  const { user } = useSession();
  return (
    <Page title={t('dp.title')}>
      <Record />
      {user.role === 'auditor' && <PersonCopy />}
    </Page>
  );
}
