// One's own account: the password, the language Ura speaks to you in, e-mail notifications, the
// second factor, and the way to one's API tokens.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useLabel, useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { Checkbox, ErrorSummary, TextInput } from '../components/Form.jsx';
import { Facts, Notice, Page, Problem } from '../components/Common.jsx';
import { TotpSetup } from './TotpEnrol.jsx';

function ChangePassword() {
  const t = useT();
  const [done, setDone] = useState(false);
  const form = useForm({ current_password: '', new_password: '', repeat: '' });
  const submit = form.submit(async (v) => {
    setDone(false);
    if (v.new_password !== v.repeat) {
      form.setErrors({ repeat: t('account.passwords_differ') });
      return;
    }
    await api.post('/me/password', { current_password: v.current_password, new_password: v.new_password });
    form.setValues({ current_password: '', new_password: '', repeat: '' });
    setDone(true);
  });
  return (
    <section class="panel" aria-labelledby="pw-title">
      <h2 id="pw-title">{t('account.password_title')}</h2>
      {done && <Notice kind="success" role="status" title={t('account.password_changed')} />}
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <TextInput {...form.field('current_password')} label={t('account.current_password')} type="password" autocomplete="current-password" />
        <TextInput {...form.field('new_password')} label={t('account.new_password')} hint={t('account.password_rule')} type="password" autocomplete="new-password" />
        <TextInput {...form.field('repeat')} label={t('account.repeat_password')} type="password" autocomplete="new-password" />
        <button class="button" type="submit" disabled={form.busy}>
          {t('account.change_password')}
        </button>
      </form>
    </section>
  );
}

/* Whether notifications also come by e-mail: the address is the administrator's to set. */
function EmailNotifications() {
  const t = useT();
  const { user, setUser } = useSession();
  const [saved, setSaved] = useState(false);
  const form = useForm({ email_notifications: user.email_notifications });
  const save = form.submit(async (v) => {
    setSaved(false);
    setUser({ ...user, ...(await api.patch('/me', { email_notifications: v.email_notifications })) });
    setSaved(true);
  });
  return (
    <section class="panel" aria-labelledby="email-title">
      <h2 id="email-title">{t('account.email_title')}</h2>
      {user.email ? (
        <form onSubmit={save} noValidate>
          <Problem error={form.failure} />
          <p>{t('account.email_explain', { email: user.email })}</p>
          <Checkbox {...form.field('email_notifications')} label={t('account.email_wanted')} hint={t('account.email_hint')} />
          {saved && <Notice kind="success" role="status" title={t('account.email_saved')} />}
          <button class="button" type="submit" disabled={form.busy}>
            {t('admin.save')}
          </button>
        </form>
      ) : (
        <p>{t('account.email_none')}</p>
      )}
    </section>
  );
}

function SecondFactor() {
  const t = useT();
  const { user, setUser } = useSession();
  const [setting, setSetting] = useState(false);
  const form = useForm({ code: '' });
  const refresh = async () => setUser({ ...user, ...(await api.get('/me')) });
  const disable = form.submit(async (v) => {
    await api.del('/me/totp', { body: { code: v.code } });
    await refresh();
  });
  return (
    <section class="panel" aria-labelledby="totp-title">
      <h2 id="totp-title">{t('account.totp_title')}</h2>
      <p>{user.totp_enabled ? t('account.totp_on') : t('account.totp_off')}</p>
      {!user.totp_enabled &&
        (setting ? (
          <TotpSetup
            onEnabled={() => {
              setSetting(false);
              refresh();
            }}
          />
        ) : (
          <button class="button" type="button" onClick={() => setSetting(true)}>
            {t('account.totp_enable')}
          </button>
        ))}
      {user.totp_enabled && (
        <form onSubmit={disable} noValidate>
          <Problem error={form.failure} />
          <ErrorSummary errors={form.errors} />
          <TextInput {...form.field('code')} label={t('signin.code')} autocomplete="one-time-code" inputMode="numeric" width="code" />
          <button class="button button--warning" type="submit" disabled={form.busy}>
            {t('account.totp_disable')}
          </button>
        </form>
      )}
    </section>
  );
}

export function Account() {
  const t = useT();
  const label = useLabel();
  const { user, directory } = useSession();
  return (
    <Page title={t('account.title')}>
      <Facts
        items={[
          [t('account.name'), user.display_name],
          [t('signin.username'), user.username],
          [t('account.role'), label('role', user.role)],
          [t('account.institution'), user.institution_id ? directory.institutionName(user.institution_id) : null],
        ]}
      />
      <ChangePassword />
      <EmailNotifications />
      <SecondFactor />
      <section class="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t('tokens.title')}</h2>
        <p>{t('tokens.account_explain')}</p>
        <a href="#/tokens">{t('tokens.manage')}</a>
      </section>
    </Page>
  );
}
