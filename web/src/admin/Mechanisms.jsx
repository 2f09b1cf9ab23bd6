// Mechanisms: the list, the form (kind, municipality, coordinator, the memorandum of agreement's
// date and reference, the yearly minimum of meetings, the time zone, cross-border counts, the
// police hate-crime contact point), and
// on a mechanism's page its member institutions, which the administrator adds and removes.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useForm } from '../lib/form.js';
import { formatDate, todayIn } from '../lib/format.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { Checkbox, DateInput, Select, TextInput } from '../components/Form.jsx';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { ConfirmButton, EditFrame, RecordForm, RecordTable, SavedNotice, nullable, saveRecord, savedTo, useAll, useRecord, wholeNumber } from './common.jsx';

const PATH = '/mechanisms';
const LIST = '/admin/mechanisms';
const byName = (a, b) => a.name.localeCompare(b.name);

export function Mechanisms() {
  const t = useT();
  const label = useLabel();
  const list = useAll(PATH);
  const municipalities = useAll('/municipalities');
  const muniName = (id) => municipalities.data?.find((m) => m.id === id)?.name ?? `#${id}`;
  const rows = (list.data || []).slice().sort(byName);
  return (
    <Page
      wide
      title={t('admin.mechanisms')}
      actions={
        <a class="button" href={`#${LIST}/new`}>
          {t('admin.mechanism_new')}
        </a>
      }
    >
      <SavedNotice />
      <RecordTable
        error={list.error || municipalities.error}
        loaded={!!list.data}
        rows={rows}
        caption={t('admin.mechanisms')}
        link={(m) => `#${LIST}/${m.id}`}
        columns={[
          [t('admin.name'), (m) => m.name],
          [t('admin.kind'), (m) => label('case_kind', m.kind)],
          [t('admin.municipality'), (m) => muniName(m.municipality_id)],
          [t('admin.memorandum'), (m) => [m.memorandum_ref, formatDate(m.memorandum_date)].filter(Boolean).join(', ') || '—'],
          [t('admin.min_meetings_short'), (m) => m.min_meetings_per_year],
        ]}
      />
    </Page>
  );
}

function MechanismForm({ record, municipalities, coordinators, institutions }) {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const form = useForm({
    name: record?.name ?? '',
    kind: record?.kind ?? '',
    municipality_id: record?.municipality_id ?? '',
    coordinator_user_id: record?.coordinator_user_id ?? '',
    memorandum_date: record?.memorandum_date ?? '',
    memorandum_ref: record?.memorandum_ref ?? '',
    min_meetings_per_year: record?.min_meetings_per_year ?? 4,
    time_zone: record?.time_zone ?? '',
    cross_border_sharing: record?.cross_border_sharing ?? false,
    hate_crime_contact_institution_id: record?.hate_crime_contact_institution_id ?? '',
  });
  const labels = {
    name: t('admin.name'),
    kind: t('admin.kind'),
    municipality_id: t('admin.municipality'),
    coordinator_user_id: t('admin.coordinator'),
    memorandum_date: t('admin.memorandum_date'),
    memorandum_ref: t('admin.memorandum_ref'),
    min_meetings_per_year: t('admin.min_meetings'),
    time_zone: t('admin.time_zone'),
    cross_border_sharing: t('admin.cross_border'),
    hate_crime_contact_institution_id: t('admin.hate_contact'),
  };
  const save = async (x) => {
    const saved = await saveRecord(PATH, record?.id, {
      name: x.name.trim(),
      kind: x.kind,
      municipality_id: x.municipality_id === '' ? undefined : x.municipality_id,
      coordinator_user_id: x.coordinator_user_id === '' ? null : x.coordinator_user_id,
      memorandum_date: nullable(x.memorandum_date),
      memorandum_ref: nullable(x.memorandum_ref),
      min_meetings_per_year: wholeNumber(x.min_meetings_per_year) ?? undefined,
      time_zone: x.time_zone || undefined,
      cross_border_sharing: x.cross_border_sharing,
      hate_crime_contact_institution_id: x.hate_crime_contact_institution_id === '' ? null : x.hate_crime_contact_institution_id,
    });
    savedTo(record ? `${LIST}/${saved.id}` : LIST, saved.name);
  };
  const coordinatorName = (u) => `${u.display_name || u.username} (${u.username})${u.active ? '' : ` — ${t('admin.disabled')}`}`;
  return (
    <RecordForm form={form} onSave={save} labels={labels} submit={t('admin.save')} cancel={`#${LIST}`}>
      <TextInput {...form.field('name')} label={labels.name} hint={t('admin.mechanism_name_hint')} />
      <Select {...form.field('kind')} label={labels.kind} placeholder={t('form.choose')} options={options('case_kind')} />
      <Select {...form.field('municipality_id')} label={labels.municipality_id} placeholder={t('form.choose')} numeric options={municipalities.slice().sort(byName).map((m) => ({ value: m.id, label: m.name }))} />
      <Select
        {...form.field('coordinator_user_id')}
        label={labels.coordinator_user_id}
        hint={t('admin.coordinator_hint')}
        placeholder={t('admin.no_coordinator')}
        numeric
        options={coordinators.map((u) => ({ value: u.id, label: coordinatorName(u) }))}
      />
      <DateInput {...form.field('memorandum_date')} legend={labels.memorandum_date} />
      <TextInput {...form.field('memorandum_ref')} label={labels.memorandum_ref} hint={t('admin.memorandum_ref_hint')} width="medium" />
      <TextInput {...form.field('min_meetings_per_year')} label={labels.min_meetings_per_year} hint={t('admin.min_meetings_hint')} inputMode="numeric" width="code" />
      <Select
        {...form.field('time_zone')}
        label={labels.time_zone}
        placeholder={record ? undefined : t('admin.time_zone_default')}
        options={options('time_zone').map((o) => ({ ...o, label: `${o.label} (${o.value})` }))}
      />
      <Checkbox {...form.field('cross_border_sharing')} label={labels.cross_border_sharing} hint={t('admin.cross_border_hint')} />
      <Select
        {...form.field('hate_crime_contact_institution_id')}
        label={labels.hate_crime_contact_institution_id}
        hint={t('admin.hate_contact_hint')}
        placeholder={t('admin.hate_contact_none')}
        numeric
        options={institutions.filter((i) => i.type === 'police').sort(byName).map((i) => ({ value: i.id, label: i.name }))}
      />
    </RecordForm>
  );
}

function AddMember({ mechanism, members, institutions, onAdded, onCancel }) {
  const t = useT();
  const label = useLabel();
  const form = useForm({ institution_id: '', joined_on: todayIn() });
  const taken = new Set(members.map((m) => m.institution_id));
  const own = (i) => (i.municipality_id === mechanism.municipality_id ? 0 : 1);
  const choices = institutions.filter((i) => !taken.has(i.id)).sort((a, b) => own(a) - own(b) || byName(a, b));
  const add = async (v) => {
    await api.post(`${PATH}/${mechanism.id}/members`, { institution_id: v.institution_id === '' ? undefined : v.institution_id, joined_on: nullable(v.joined_on) ?? undefined });
    form.setValues({ institution_id: '', joined_on: todayIn() });
    onAdded();
  };
  return (
    <RecordForm form={form} onSave={add} labels={{ institution_id: t('admin.institution'), joined_on: t('admin.joined_on') }} submit={t('admin.member_add')} cancel={onCancel}>
      <Select
        {...form.field('institution_id')}
        label={t('admin.institution')}
        hint={t('admin.member_hint')}
        placeholder={t('form.choose')}
        numeric
        options={choices.map((i) => ({ value: i.id, label: `${i.name} (${label('institution_type', i.type)})` }))}
      />
      <DateInput {...form.field('joined_on')} legend={t('admin.joined_on')} />
    </RecordForm>
  );
}

function Members({ mechanism }) {
  const t = useT();
  const label = useLabel();
  const members = useFetch(() => api.get(`${PATH}/${mechanism.id}/members${query({ limit: 500 })}`), [mechanism.id]);
  const institutions = useAll('/institutions');
  const [adding, setAdding] = useState(false);
  const remove = (m) => api.del(`${PATH}/${mechanism.id}/members/${m.institution_id}`).then(members.reload);
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t('admin.members')}</h2>
      {members.error || institutions.error ? (
        <Problem error={members.error || institutions.error} />
      ) : !members.data || !institutions.data ? (
        <Loading />
      ) : (
        <>
          {members.data.items.length === 0 ? (
            <p class="empty">{t('admin.members_none')}</p>
          ) : (
            <table class="table table--cards">
              <caption class="visually-hidden">{t('admin.members')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.institution')}</th>
                  <th scope="col">{t('admin.type')}</th>
                  <th scope="col">{t('admin.joined_on')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('admin.member_actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((m) => (
                  <tr>
                    <td data-label={t('admin.institution')}>{m.name}</td>
                    <td data-label={t('admin.type')}>{label('institution_type', m.type)}</td>
                    <td data-label={t('admin.joined_on')}>{formatDate(m.joined_on) || '—'}</td>
                    <td>
                      <ConfirmButton
                        label={t('admin.member_remove', { name: m.name })}
                        question={t('admin.member_remove_question', { name: m.name })}
                        yes={t('admin.member_remove_yes')}
                        onConfirm={() => remove(m)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {adding ? (
            <div class="subform">
              <h3>{t('admin.member_add')}</h3>
              <AddMember
                mechanism={mechanism}
                members={members.data.items}
                institutions={institutions.data}
                onAdded={() => {
                  setAdding(false);
                  members.reload();
                }}
                onCancel={() => setAdding(false)}
              />
            </div>
          ) : (
            <button class="button button--secondary" type="button" onClick={() => setAdding(true)}>
              {t('admin.member_add')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

export function MechanismPage({ params }) {
  const t = useT();
  const record = useRecord(PATH, params.id);
  const municipalities = useAll('/municipalities');
  const coordinators = useAll('/users', { role: 'coordinator' });
  const institutions = useAll('/institutions');
  return (
    <EditFrame title={record.isNew ? t('admin.mechanism_new') : record.data?.name || t('admin.mechanism')} loads={[record, municipalities, coordinators, institutions]}>
      {() => (
        <>
          <SavedNotice />
          <MechanismForm record={record.data} municipalities={municipalities.data} coordinators={coordinators.data} institutions={institutions.data} />
          {record.data && <Members mechanism={record.data} />}
        </>
      )}
    </EditFrame>
  );
}
