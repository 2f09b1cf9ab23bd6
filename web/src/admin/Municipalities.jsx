// Municipalities: the list, and the form for a new one or a change. The three-letter code
// begins every case reference of the municipality (KOR-2026-0042), so it is chosen with care.
import { useForm } from '../lib/form.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { Radios, TextInput } from '../components/Form.jsx';
import { Page } from '../components/Common.jsx';
import { EditFrame, RecordForm, RecordTable, SavedNotice, nullable, saveRecord, savedTo, useAll, useRecord } from './common.jsx';

const PATH = '/municipalities';
const LIST = '/admin/municipalities';

export function Municipalities() {
  const t = useT();
  const label = useLabel();
  const list = useAll(PATH);
  const rows = (list.data || []).slice().sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name));
  return (
    <Page
      title={t('admin.municipalities')}
      actions={
        <a class="button" href={`#${LIST}/new`}>
          {t('admin.municipality_new')}
        </a>
      }
    >
      <SavedNotice />
      <RecordTable
        error={list.error}
        loaded={!!list.data}
        rows={rows}
        caption={t('admin.municipalities')}
        link={(m) => `#${LIST}/${m.id}`}
        columns={[
          [t('admin.name'), (m) => m.name],
          [t('admin.code'), (m) => <code>{m.code}</code>],
          [t('admin.region'), (m) => m.region || '—'],
          [t('admin.country'), (m) => label('country', m.country)],
        ]}
      />
    </Page>
  );
}

function MunicipalityForm({ record }) {
  const t = useT();
  const options = useOptions();
  const form = useForm({ name: record?.name ?? '', code: record?.code ?? '', region: record?.region ?? '', country: record?.country ?? 'AL' });
  const labels = { name: t('admin.name'), code: t('admin.code'), region: t('admin.region'), country: t('admin.country') };
  const save = async (v) => {
    const saved = await saveRecord(PATH, record?.id, { name: v.name.trim(), code: v.code.trim(), region: nullable(v.region), country: v.country });
    savedTo(LIST, saved.name);
  };
  return (
    <RecordForm form={form} onSave={save} labels={labels} submit={t('admin.save')} cancel={`#${LIST}`}>
      <TextInput {...form.field('name')} label={labels.name} />
      <TextInput {...form.field('code')} label={labels.code} hint={t('admin.code_hint')} width="code" autocapitalize="characters" maxLength={3} />
      <TextInput {...form.field('region')} label={labels.region} hint={t('admin.optional')} />
      <Radios {...form.field('country')} legend={labels.country} options={options('country')} inline />
    </RecordForm>
  );
}

export function MunicipalityPage({ params }) {
  const t = useT();
  const record = useRecord(PATH, params.id);
  return (
    <EditFrame title={record.isNew ? t('admin.municipality_new') : record.data?.name || t('admin.municipality')} loads={[record]}>
      {() => <MunicipalityForm record={record.data} />}
    </EditFrame>
  );
}
