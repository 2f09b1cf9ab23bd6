// "Report on someone's behalf": a CSO's staff file a third-party report — what happened, when
// and where, with the victim's consent recorded (how, and which kinds of information the
// police may see) or anonymised (then no name and no contact are kept at all), and whether
// the police get it now, later (the CSO keeps it until it passes it on) or only the
// statistics. The answer's receipt is for the victim and is shown once.
import { api } from '../lib/api.js';
import { useForm } from '../lib/form.js';
import { useOptions, useT } from '../lib/i18n.js';
import { useSession } from '../lib/session.js';
import { Checkbox, Checkboxes, DateInput, ErrorSummary, Radios, Select, TextArea, TextInput } from '../components/Form.jsx';
import { Problem } from '../components/Common.jsx';

const KINDS = ['domestic_violence', 'gbv', 'hate_crime'];

function body(v) {
  const b = { municipality_id: v.municipality_id === '' ? undefined : v.municipality_id, kind: v.kind || undefined, police: v.police || undefined };
  if (v.forms.length) b.forms = v.forms;
  if (v.kind === 'hate_crime' && v.bias.length) b.bias = v.bias;
  if (v.occurred_on) b.occurred_on = v.occurred_on;
  if (v.description.trim()) b.description = v.description;
  if (v.place.trim()) b.place = v.place;
  if (v.basis === 'anonymised') b.anonymised = true;
  else if (v.basis === 'consent') {
    b.consent = { method: v.method || undefined, categories: v.categories };
    if (v.name.trim()) b.name = v.name;
    if (v.contact.trim()) b.contact = v.contact;
    b.wants_contact = v.wants_contact;
  }
  return b;
}

export function IntakeFile({ onFiled, onCancel }) {
  const t = useT();
  const options = useOptions();
  const { directory } = useSession();
  const form = useForm({
    municipality_id: '', kind: '', forms: [], bias: [], occurred_on: '', description: '', place: '',
    basis: 'consent', method: '', categories: [], name: '', contact: '', wants_contact: false, police: '',
  });
  const labels = {
    municipality_id: t('intake.municipality'), kind: t('intake.kind'), forms: t('intake.forms'), bias: t('intake.bias'),
    occurred_on: t('intake.occurred_on'), description: t('intake.description'), place: t('intake.place'),
    consent: t('intake.basis'), 'consent.method': t('intake.method'), 'consent.categories': t('intake.categories'),
    anonymised: t('intake.basis'), name: t('intake.name'), contact: t('intake.contact'), wants_contact: t('intake.wants_contact'), police: t('intake.police'),
  };
  const submit = form.submit(async (v) => onFiled(await api.post('/intake', body(v))));
  // The server names consent's fields "consent.method": the form keeps them flat.
  const errors = form.errors;
  const err = (path) => errors[path];
  const municipalities = directory.municipalities.slice().sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section class="panel" aria-labelledby="file-title">
      <h2 id="file-title">{t('intake.file')}</h2>
      <p class="hint">{t('intake.file_hint')}</p>
      <Problem error={form.failure} />
      <ErrorSummary errors={errors} labels={labels} />
      <form onSubmit={submit} noValidate>
        <Select {...form.field('municipality_id')} label={labels.municipality_id} placeholder={t('form.choose')} numeric options={municipalities.map((m) => ({ value: m.id, label: m.name }))} />
        <Radios {...form.field('kind')} legend={labels.kind} options={options('case_kind', KINDS)} />
        <Checkboxes {...form.field('forms')} legend={labels.forms} options={options('form')} columns />
        {form.values.kind === 'hate_crime' && <Checkboxes {...form.field('bias')} legend={labels.bias} hint={t('intake.bias_hint')} options={options('bias')} columns />}
        <DateInput {...form.field('occurred_on')} legend={labels.occurred_on} />
        <TextArea {...form.field('description')} label={labels.description} rows={4} />
        <TextInput {...form.field('place')} label={labels.place} hint={t('intake.place_hint')} />
        <Radios
          {...form.field('basis')}
          error={err('consent') || err('anonymised')}
          legend={labels.consent}
          options={[
            { value: 'consent', label: t('intake.basis_consent') },
            { value: 'anonymised', label: t('intake.basis_anonymised') },
          ]}
        />
        {form.values.basis === 'consent' ? (
          <>
            <Radios {...form.field('method')} error={err('consent.method')} legend={labels['consent.method']} inline options={options('consent_method')} />
            <Checkboxes {...form.field('categories')} error={err('consent.categories')} legend={labels['consent.categories']} hint={t('intake.categories_hint')} options={options('category')} columns />
            <TextInput {...form.field('name')} label={labels.name} hint={t('intake.name_hint')} />
            <Checkbox {...form.field('wants_contact')} label={labels.wants_contact} />
            <TextInput {...form.field('contact')} label={labels.contact} hint={t('intake.contact_hint')} />
          </>
        ) : (
          <p class="hint">{t('intake.anonymised_hint')}</p>
        )}
        <Radios {...form.field('police')} legend={labels.police} hint={t('intake.police_hint')} options={options('police_disclosure')} />
        <div class="button-row">
          <button class="button" type="submit" disabled={form.busy}>
            {t('intake.file_send')}
          </button>{' '}
          <button class="button button--secondary" type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
