// Finding a person's cases by name and birth date, or by personal number. The search travels
// in a request body, never in the address; the server compares blind indexes, answers the
// cases this institution may see and says how many others match without naming them.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { DateInput, ErrorSummary, Radios, TextInput } from '../components/Form.jsx';
import { Notice, Page, Problem } from '../components/Common.jsx';
import { CaseTable } from '../components/CaseTable.jsx';

export function CaseSearch() {
  const t = useT();
  const [by, setBy] = useState('name');
  const [result, setResult] = useState(null);
  const form = useForm({ given_name: '', family_name: '', date_of_birth: '', personal_number: '' });
  const submit = form.submit(async (v) => {
    const body =
      by === 'name'
        ? { given_name: v.given_name.trim(), family_name: v.family_name.trim(), ...(v.date_of_birth ? { date_of_birth: v.date_of_birth } : {}) }
        : { personal_number: v.personal_number.trim() };
    setResult(await api.post('/cases/search', body));
  });
  return (
    <Page title={t('search.title')} subtitle={t('search.subtitle')}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate class="panel">
        <Radios
          name="by"
          legend={t('search.by')}
          value={by}
          onValue={setBy}
          inline
          options={[
            { value: 'name', label: t('search.by_name') },
            { value: 'number', label: t('search.by_number') },
          ]}
        />
        {by === 'name' ? (
          <>
            <TextInput {...form.field('given_name')} label={t('person.given_name')} autocomplete="off" />
            <TextInput {...form.field('family_name')} label={t('person.family_name')} autocomplete="off" />
            <DateInput {...form.field('date_of_birth')} legend={t('person.date_of_birth_optional')} />
          </>
        ) : (
          <TextInput {...form.field('personal_number')} label={t('person.personal_number')} hint={t('person.personal_number_hint')} autocomplete="off" width="medium" />
        )}
        <button class="button" type="submit" disabled={form.busy}>
          {t('search.submit')}
        </button>
      </form>
      {result && (
        <section aria-labelledby="search-results" class="search-results">
          <h2 id="search-results">{t('search.results')}</h2>
          <p role="status">{t('search.found', { n: result.items.length })}</p>
          {result.hidden > 0 && (
            <Notice kind="info">
              <p>{t('search.hidden', { n: result.hidden })}</p>
            </Notice>
          )}
          <CaseTable items={result.items} />
        </section>
      )}
    </Page>
  );
}
