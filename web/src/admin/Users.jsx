// Accounts: the list (by role and institution, codes in the address), a new account with its
// role, institution and first password, and an account's page: its details, disabling and
// enabling it, a new password, and removing its second factor when the phone is lost. A new
// password or a disable ends the person's sessions and API tokens; the institution's managers
// are told of a new staff account or a reset password (the server does that).
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useForm } from '../lib/form.js';
import { formatDateTime } from '../lib/format.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { usePaged } from '../lib/paged.js';
import { href, navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Select, TextInput } from '../components/Form.jsx';
import { Facts, Notice, Page } from '../components/Common.jsx';
import { ConfirmButton, EditFrame, RecordForm, RecordTable, SavedNotice, nullable, saveRecord, savedTo, useAll, useRecord } from './common.jsx';

const PATH = '/users';
const LIST = '/admin/users';
const STAFF = ['caseworker', 'manager'];
const LOCALES = [
  { value: 'sq', label: 'Shqip' },
  { value: 'en', label: 'English' },
  { value: 'sr-Latn', label: 'Srpski (latinica)' },
  { value: 'tr', label: 'Türkçe' },
  { value: 'bs', label: 'Bosanski' },
];
const byName = (a, b) => a.name.localeCompare(b.name);

/* A password to hand over, from the browser's random source: 16 letters and digits that are
 * not easily confused (no 0/O, 1/l/I). */
export function suggestPassword() {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function Status({ user }) {
  const t = useT();
  return user.active ? <span class="tag tag--active">{t('admin.active')}</span> : <span class="tag tag--archived">{t('admin.disabled')}</span>;
}
function SecondFactor({ user }) {
  const t = useT();
  return user.totp_enabled ? t('admin.totp_on') : t('admin.totp_off');
}

export function Users({ query: q }) {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const institutions = useAll('/institutions');
  const instName = (id) => institutions.data?.find((i) => i.id === id)?.name ?? (id ? `#${id}` : '—');
  const filters = { role: q.role || '', institution_id: q.institution_id || '' };
  const list = usePaged((cursor) => api.get(`${PATH}${query({ ...filters, limit: 100, cursor })}`), [filters.role, filters.institution_id]);
  const filter = (k) => (v) => navigate(href(LIST, { ...filters, [k]: v }), { replace: true });
  return (
    <Page
      wide
      title={t('admin.users')}
      actions={
        <a class="button" href={`#${LIST}/new`}>
          {t('admin.user_new')}
        </a>
      }
    >
      <SavedNotice />
      <form class="filters" aria-label={t('filter.title')} onSubmit={(e) => e.preventDefault()}>
        <Select name="role" label={t('admin.role')} value={filters.role} onValue={filter('role')} placeholder={t('filter.any')} options={options('role')} />
        <Select
          name="institution_id"
          label={t('admin.institution')}
          value={filters.institution_id}
          onValue={filter('institution_id')}
          placeholder={t('filter.any')}
          options={(institutions.data || []).slice().sort(byName).map((i) => ({ value: String(i.id), label: i.name }))}
        />
      </form>
      <RecordTable
        error={list.error}
        loaded={list.loaded}
        rows={list.items}
        caption={t('admin.users')}
        link={(u) => `#${LIST}/${u.id}`}
        columns={[
          [t('admin.person'), (u) => u.display_name || u.username],
          [t('admin.username'), (u) => <code>{u.username}</code>],
          [t('admin.role'), (u) => label('role', u.role)],
          [t('admin.institution'), (u) => instName(u.institution_id)],
          [t('admin.status'), (u) => <Status user={u} />],
          [t('admin.totp'), (u) => <SecondFactor user={u} />],
        ]}
      />
      {list.next && !list.error && (
        <button class="button button--secondary" type="button" onClick={list.more} disabled={list.loading}>
          {t('common.more')}
        </button>
      )}
    </Page>
  );
}

function PasswordField({ form, name, label, hint }) {
  const t = useT();
  return (
    <div class="password-field">
      <TextInput {...form.field(name)} label={label} hint={hint} autocomplete="new-password" spellcheck={false} autocapitalize="none" />
      <button class="button button--secondary button--small" type="button" onClick={() => form.set(name, suggestPassword())}>
        {t('admin.password_suggest')}
      </button>
    </div>
  );
}

function UserForm({ record, institutions }) {
  const t = useT();
  const options = useOptions();
  const form = useForm({
    username: record?.username ?? '',
    display_name: record?.display_name ?? '',
    role: record?.role ?? '',
    institution_id: record?.institution_id ?? '',
    locale: record?.locale ?? 'sq',
    email: record?.email ?? '',
    password: '',
  });
  const staff = STAFF.includes(form.values.role);
  const labels = {
    username: t('admin.username'),
    display_name: t('admin.display_name'),
    role: t('admin.role'),
    institution_id: t('admin.institution'),
    locale: t('admin.locale'),
    email: t('admin.email'),
    password: t('admin.password_first'),
  };
  const save = async (v) => {
    const body = {
      display_name: v.display_name.trim(),
      role: v.role || undefined,
      institution_id: v.institution_id === '' ? null : v.institution_id,
      locale: v.locale,
      email: nullable(v.email),
    };
    if (!record) Object.assign(body, { username: v.username.trim(), password: v.password });
    const saved = await saveRecord(PATH, record?.id, body);
    savedTo(record ? `${LIST}/${saved.id}` : LIST, saved.display_name || saved.username);
  };
  return (
    <RecordForm form={form} onSave={save} labels={labels} submit={record ? t('admin.save') : t('admin.user_create')} cancel={`#${LIST}`}>
      {!record && <TextInput {...form.field('username')} label={labels.username} hint={t('admin.username_hint')} autocomplete="off" autocapitalize="none" spellcheck={false} width="medium" />}
      <TextInput {...form.field('display_name')} label={labels.display_name} hint={t('admin.display_name_hint')} />
      <Select {...form.field('role')} label={labels.role} placeholder={t('form.choose')} options={options('role')} />
      <Select
        {...form.field('institution_id')}
        label={labels.institution_id}
        hint={staff ? t('admin.institution_required') : t('admin.institution_optional')}
        placeholder={t('admin.no_institution')}
        numeric
        options={institutions.slice().sort(byName).map((i) => ({ value: i.id, label: i.name }))}
      />
      <Select {...form.field('locale')} label={labels.locale} options={LOCALES} />
      <TextInput {...form.field('email')} label={labels.email} hint={t('admin.user_email_hint')} type="email" autocomplete="off" />
      {!record && <PasswordField form={form} name="password" label={labels.password} hint={t('admin.password_first_hint')} />}
    </RecordForm>
  );
}

function ResetPassword({ user, onDone }) {
  const t = useT();
  const [done, setDone] = useState(null);
  const form = useForm({ password: '' });
  const save = async (v) => {
    await api.patch(`${PATH}/${user.id}`, { password: v.password });
    setDone(v.password);
    form.setValues({ password: '' });
    onDone();
  };
  return (
    <section class="panel" aria-labelledby="reset-title">
      <h2 id="reset-title">{t('admin.password_title')}</h2>
      <p>{t('admin.password_explain')}</p>
      {done && (
        <Notice kind="success" role="status" title={t('admin.password_set')}>
          <p>{t('admin.password_handover')}</p>
          <p>
            <code class="secret">{done}</code>
          </p>
        </Notice>
      )}
      <RecordForm form={form} onSave={save} labels={{ password: t('admin.password_new') }} submit={t('admin.password_save')}>
        <PasswordField form={form} name="password" label={t('admin.password_new')} hint={t('admin.password_first_hint')} />
      </RecordForm>
    </section>
  );
}

function Access({ user, self, onDone }) {
  const t = useT();
  const set = (active) => api.patch(`${PATH}/${user.id}`, { active }).then(onDone);
  return (
    <section class="panel" aria-labelledby="access-title">
      <h2 id="access-title">{t('admin.access_title')}</h2>
      <p>
        <Status user={user} /> {user.active ? t('admin.active_explain') : t('admin.disabled_explain')}
      </p>
      {self ? (
        <p class="hint">{t('admin.self_note')}</p>
      ) : user.active ? (
        <ConfirmButton label={t('admin.disable')} question={t('admin.disable_question', { name: user.display_name || user.username })} yes={t('admin.disable_yes')} onConfirm={() => set(false)} />
      ) : (
        <ConfirmButton kind="secondary" label={t('admin.enable')} question={t('admin.enable_question', { name: user.display_name || user.username })} yes={t('admin.enable_yes')} onConfirm={() => set(true)} />
      )}
    </section>
  );
}

function TwoStep({ user, onDone }) {
  const t = useT();
  return (
    <section class="panel" aria-labelledby="totp-admin-title">
      <h2 id="totp-admin-title">{t('admin.totp_title')}</h2>
      <p>
        {user.totp_enabled ? t('admin.totp_on_explain') : t('admin.totp_off_explain')}
      </p>
      {user.totp_enabled && (
        <ConfirmButton
          label={t('admin.totp_remove')}
          question={t('admin.totp_remove_question', { name: user.display_name || user.username })}
          yes={t('admin.totp_remove_yes')}
          onConfirm={() => api.del(`${PATH}/${user.id}/totp`).then(onDone)}
        />
      )}
    </section>
  );
}

export function UserPage({ params }) {
  const t = useT();
  const label = useLabel();
  const { user: me, directory } = useSession();
  const record = useRecord(PATH, params.id);
  const institutions = useAll('/institutions');
  const u = record.data;
  return (
    <EditFrame title={record.isNew ? t('admin.user_new') : u?.display_name || u?.username || t('admin.user')} subtitle={u ? `${u.username} · ${label('role', u.role)}` : null} loads={[record, institutions]}>
      {() => (
        <>
          <SavedNotice />
          {u && (
            <Facts
              items={[
                [t('admin.status'), <Status user={u} />],
                [t('admin.totp'), <SecondFactor user={u} />],
                [t('admin.created_at'), formatDateTime(u.created_at, directory.tz)],
              ]}
            />
          )}
          {u && <h2>{t('admin.details')}</h2>}
          <UserForm record={u} institutions={institutions.data} />
          {u && <Access user={u} self={u.id === me.id} onDone={record.reload} />}
          {u && <ResetPassword user={u} onDone={record.reload} />}
          {u && <TwoStep user={u} onDone={record.reload} />}
        </>
      )}
    </EditFrame>
  );
}
