// A new case: the survivor, children, the alleged perpetrator, the incident and the survivor's
// consent, on one page in the order a caseworker takes them down. The server checks it all and
// its messages appear beside the fields; once created, the case page shows the possible
// duplicates and the repeat warning as the server found them.
import { api } from '../lib/api.js';
import { useOptions, useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { part } from '../lib/body.js';
import { setFlash } from '../lib/flash.js';
import { navigate } from '../lib/router.js';
import { isStaff, useSession } from '../lib/session.js';
import { Checkbox, Checkboxes, ErrorSummary, Radios, Select } from '../components/Form.jsx';
import { Notice, Page, Problem } from '../components/Common.jsx';
import { PersonFields, ChildrenFields, PerpetratorFields } from '../case/PersonFields.jsx';
import { IncidentFields } from '../case/IncidentFields.jsx';

const EMPTY = {
  imminent_danger: false,
  survivor: { given_name: '', family_name: '', sex: '', date_of_birth: '', personal_number: '', phone: '', address: '', address_confidential: false, municipality_id: '' },
  children: [],
  perpetrator: { given_name: '', family_name: '', relationship: '', date_of_birth: '' },
  incident: { occurred_on: '', forms: [], place: '', narrative: '', bias: [] },
  consent: { given: '', method: '', institution_types: [], categories: [] },
};

function consentBody(c) {
  if (c.given === '') return null;
  if (c.given === 'no') return { given: false, method: c.method || undefined };
  return { given: true, method: c.method || undefined, institution_types: c.institution_types, categories: c.categories };
}

export function caseBody(v, mechanism) {
  const body = {
    kind: mechanism?.kind,
    mechanism_id: mechanism?.id,
    imminent_danger: v.imminent_danger,
    survivor: part(v.survivor, ['address_confidential']) || {},
  };
  const children = v.children.map((c) => part(c)).filter(Boolean);
  if (children.length) body.children = children;
  const perpetrator = part(v.perpetrator);
  if (perpetrator) body.perpetrator = perpetrator;
  const incident = part(v.incident);
  if (incident) body.incident = incident;
  const consent = consentBody(v.consent);
  if (consent) body.consent = consent;
  return body;
}

function ConsentFields({ form }) {
  const t = useT();
  const options = useOptions();
  const given = form.values.consent.given;
  return (
    <section class="form-section" aria-labelledby="sec-consent">
      <h2 id="sec-consent">{t('consent.title')}</h2>
      <p class="hint">{t('consent.explain')}</p>
      <Radios
        {...form.field('consent.given')}
        legend={t('consent.given_question')}
        options={[
          { value: 'yes', label: t('consent.yes') },
          { value: 'no', label: t('consent.no') },
          { value: '', label: t('consent.not_yet') },
        ]}
      />
      {given !== '' && <Radios {...form.field('consent.method')} legend={t('consent.method')} options={options('consent_method')} inline />}
      {given === 'yes' && (
        <>
          <Checkboxes {...form.field('consent.institution_types')} legend={t('consent.institution_types')} hint={t('consent.institution_types_hint')} options={options('institution_type')} columns />
          <Checkboxes {...form.field('consent.categories')} legend={t('consent.categories')} hint={t('consent.categories_hint')} options={options('category')} columns />
        </>
      )}
    </section>
  );
}

export function NewCase() {
  const t = useT();
  const { user, directory } = useSession();
  const mechanisms = directory.myMechanisms;
  const form = useForm({ ...EMPTY, mechanism_id: mechanisms.length === 1 ? mechanisms[0].id : '' });
  const mechanism = directory.mechanism(Number(form.values.mechanism_id));

  if (!isStaff(user)) return <Page title={t('newcase.title')}><Notice kind="warning"><p>{t('newcase.staff_only')}</p></Notice></Page>;

  const submit = form.submit(async (v) => {
    const created = await api.post('/cases', caseBody(v, mechanism));
    setFlash({ kind: 'created', possible_duplicates: created.possible_duplicates, repeat: created.repeat });
    navigate(`/cases/${created.id}`);
  });

  return (
    <Page title={t('newcase.title')} subtitle={t('newcase.subtitle')}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate class="case-form">
        <section class="form-section" aria-labelledby="sec-mechanism">
          <h2 id="sec-mechanism">{t('newcase.mechanism_title')}</h2>
          {mechanisms.length === 0 ? (
            <Notice kind="warning">
              <p>{t('newcase.no_mechanism')}</p>
            </Notice>
          ) : (
            <Select
              {...form.field('mechanism_id')}
              numeric
              label={t('case.mechanism')}
              placeholder={mechanisms.length > 1 ? t('form.choose') : undefined}
              options={mechanisms.map((m) => ({ value: m.id, label: m.name }))}
            />
          )}
          <Checkbox {...form.field('imminent_danger')} label={t('case.imminent_danger')} hint={t('case.imminent_danger_hint')} />
        </section>
        <section class="form-section" aria-labelledby="sec-survivor">
          <h2 id="sec-survivor">{mechanism?.kind === 'reintegration' ? t('person.released_title') : t('person.survivor_title')}</h2>
          <PersonFields form={form} prefix="survivor" />
        </section>
        <section class="form-section" aria-labelledby="sec-children">
          <h2 id="sec-children">{t('children.title')}</h2>
          <ChildrenFields form={form} />
        </section>
        <section class="form-section" aria-labelledby="sec-perpetrator">
          <h2 id="sec-perpetrator">{t('perpetrator.title')}</h2>
          <p class="hint">{t('perpetrator.optional')}</p>
          <PerpetratorFields form={form} prefix="perpetrator" />
        </section>
        <section class="form-section" aria-labelledby="sec-incident">
          <h2 id="sec-incident">{t('incident.title')}</h2>
          <IncidentFields form={form} prefix="incident" kind={mechanism?.kind} />
        </section>
        <ConsentFields form={form} />
        <div class="form-submit">
          <button class="button" type="submit" disabled={form.busy || !mechanism}>
            {t('newcase.submit')}
          </button>
          <a class="button button--secondary" href="#/cases">
            {t('common.cancel')}
          </a>
        </div>
      </form>
    </Page>
  );
}
