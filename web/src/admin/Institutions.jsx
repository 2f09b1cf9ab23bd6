// Institutions: the list (by municipality and type, codes in the address) and the form — type,
// municipality, contact, the services the institution offers and the languages it speaks, and
// capacity (a shelter's free beds), and whether it is listed in the public service directory
// (with its opening hours and postal code). A shelter's address is confidential: only
// administrators and the shelter's own staff see it, and the public directory leaves it out;
// the form says so.
import { useForm } from '../lib/form.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { href, navigate } from '../lib/router.js';
import { Checkbox, Checkboxes, Select, TextArea, TextInput } from '../components/Form.jsx';
import { Notice, Page } from '../components/Common.jsx';
import { EditFrame, RecordForm, RecordTable, SavedNotice, nullable, saveRecord, savedTo, useAll, useRecord, wholeNumber } from './common.jsx';

const PATH = '/institutions';
const LIST = '/admin/institutions';
const byName = (a, b) => a.name.localeCompare(b.name);

export function Institutions({ query: q }) {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const list = useAll(PATH);
  const municipalities = useAll('/municipalities');
  const muniName = (id) => municipalities.data?.find((m) => m.id === id)?.name ?? `#${id}`;
  const rows = (list.data || [])
    .filter((i) => (!q.municipality_id || String(i.municipality_id) === q.municipality_id) && (!q.type || i.type === q.type))
    .sort(byName);
  const filter = (k) => (v) => navigate(href(LIST, { municipality_id: q.municipality_id, type: q.type, [k]: v }), { replace: true });
  return (
    <Page
      wide
      title={t('admin.institutions')}
      actions={
        <a class="button" href={`#${LIST}/new`}>
          {t('admin.institution_new')}
        </a>
      }
    >
      <SavedNotice />
      <form class="filters" aria-label={t('filter.title')} onSubmit={(e) => e.preventDefault()}>
        <Select
          name="municipality_id"
          label={t('admin.municipality')}
          value={q.municipality_id || ''}
          onValue={filter('municipality_id')}
          placeholder={t('filter.any')}
          options={(municipalities.data || []).slice().sort(byName).map((m) => ({ value: String(m.id), label: m.name }))}
        />
        <Select name="type" label={t('admin.type')} value={q.type || ''} onValue={filter('type')} placeholder={t('filter.any')} options={options('institution_type')} />
      </form>
      <RecordTable
        error={list.error || municipalities.error}
        loaded={!!list.data}
        rows={rows}
        caption={t('admin.institutions')}
        count={t('admin.shown', { n: rows.length })}
        link={(i) => `#${LIST}/${i.id}`}
        columns={[
          [t('admin.name'), (i) => i.name],
          [t('admin.type'), (i) => label('institution_type', i.type)],
          [t('admin.municipality'), (i) => muniName(i.municipality_id)],
          [t('admin.services'), (i) => i.services.map((s) => label('service', s)).join(', ') || '—'],
          [t('admin.capacity'), (i) => i.capacity ?? '—'],
        ]}
      />
    </Page>
  );
}

function InstitutionForm({ record, municipalities }) {
  const t = useT();
  const options = useOptions();
  const form = useForm({
    name: record?.name ?? '',
    type: record?.type ?? '',
    municipality_id: record?.municipality_id ?? '',
    phone: record?.phone ?? '',
    email: record?.email ?? '',
    address: record?.address ?? '',
    services: record?.services ?? [],
    languages: record?.languages ?? ['sq'],
    capacity: record?.capacity ?? '',
    listed: record?.listed ?? false,
    opening_hours: record?.opening_hours ?? '',
    postal_code: record?.postal_code ?? '',
  });
  const v = form.values;
  const shelter = v.type === 'shelter';
  const labels = {
    name: t('admin.name'),
    type: t('admin.type'),
    municipality_id: t('admin.municipality'),
    phone: t('admin.phone'),
    email: t('admin.email'),
    address: t('admin.address'),
    services: t('admin.services'),
    languages: t('admin.languages'),
    capacity: t('admin.capacity'),
    listed: t('admin.listed'),
    opening_hours: t('admin.opening_hours'),
    postal_code: t('admin.postal_code'),
  };
  const save = async (x) => {
    const saved = await saveRecord(PATH, record?.id, {
      name: x.name.trim(),
      type: x.type,
      municipality_id: x.municipality_id === '' ? undefined : x.municipality_id,
      phone: nullable(x.phone),
      email: nullable(x.email),
      address: nullable(x.address),
      services: x.services,
      languages: x.languages,
      capacity: wholeNumber(x.capacity),
      listed: x.listed,
      opening_hours: nullable(x.opening_hours),
      postal_code: nullable(x.postal_code),
    });
    savedTo(LIST, saved.name);
  };
  return (
    <RecordForm form={form} onSave={save} labels={labels} submit={t('admin.save')} cancel={`#${LIST}`}>
      <TextInput {...form.field('name')} label={labels.name} />
      <Select {...form.field('type')} label={labels.type} placeholder={t('form.choose')} options={options('institution_type')} />
      <Select
        {...form.field('municipality_id')}
        label={labels.municipality_id}
        placeholder={t('form.choose')}
        numeric
        options={municipalities.slice().sort(byName).map((m) => ({ value: m.id, label: m.name }))}
      />
      <TextInput {...form.field('phone')} label={labels.phone} hint={t('admin.optional')} type="tel" width="medium" />
      <TextInput {...form.field('email')} label={labels.email} hint={t('admin.optional')} type="email" />
      {shelter && (
        <Notice kind="warning" title={t('admin.shelter_address_title')}>
          <p>{t('admin.shelter_address_explain')}</p>
        </Notice>
      )}
      <TextArea {...form.field('address')} label={shelter ? t('admin.address_confidential') : labels.address} hint={shelter ? t('admin.shelter_address_hint') : t('admin.optional')} rows={2} />
      <Checkboxes {...form.field('services')} legend={labels.services} hint={t('admin.services_hint')} options={options('service')} columns />
      <Checkboxes {...form.field('languages')} legend={labels.languages} options={options('language')} columns />
      <TextInput {...form.field('capacity')} label={labels.capacity} hint={shelter ? t('admin.capacity_shelter_hint') : t('admin.capacity_hint')} inputMode="numeric" width="code" />
      <TextInput {...form.field('postal_code')} label={labels.postal_code} hint={t('admin.optional')} width="code" autocomplete="off" />
      <TextInput {...form.field('opening_hours')} label={labels.opening_hours} hint={t('admin.opening_hours_hint')} autocomplete="off" spellcheck={false} />
      <h2>{t('admin.directory_title')}</h2>
      <Checkbox {...form.field('listed')} label={labels.listed} hint={shelter ? t('admin.listed_shelter_hint') : t('admin.listed_hint')} />
    </RecordForm>
  );
}

export function InstitutionPage({ params }) {
  const t = useT();
  const record = useRecord(PATH, params.id);
  const municipalities = useAll('/municipalities');
  return (
    <EditFrame title={record.isNew ? t('admin.institution_new') : record.data?.name || t('admin.institution')} loads={[record, municipalities]}>
      {() => <InstitutionForm record={record.data} municipalities={municipalities.data} />}
    </EditFrame>
  );
}
