// Enrolling a second factor, which the server asks of some roles (administrators and auditors
// by default) before anything else: scan the code, type the six digits it shows, keep the ten
// recovery codes.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { ErrorSummary, TextInput } from '../components/Form.jsx';
import { Loading, Notice, Problem } from '../components/Common.jsx';
import { QrCode } from '../components/QrCode.jsx';

export function TotpSetup({ onEnabled }) {
  const t = useT();
  const [secret, setSecret] = useState(null);
  const [error, setError] = useState(null);
  const [codes, setCodes] = useState(null);
  const form = useForm({ code: '' });
  useEffect(() => {
    api.post('/me/totp', {}).then(setSecret).catch(setError);
  }, []);
  const confirm = form.submit(async (v) => {
    const r = await api.post('/me/totp/confirm', { code: v.code.replace(/\s/g, '') });
    setCodes(r.recovery_codes);
  });
  if (error) return <Problem error={error} />;
  if (!secret) return <Loading />;
  if (codes)
    return (
      <div>
        <Notice kind="success" role="status" title={t('totp.enabled')}>
          <p>{t('totp.recovery_explain')}</p>
        </Notice>
        <ol class="recovery-codes">
          {codes.map((c) => (
            <li>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <button class="button" type="button" onClick={onEnabled}>
          {t('totp.saved_codes')}
        </button>
      </div>
    );
  return (
    <div>
      <ol class="steps">
        <li>{t('totp.step_app')}</li>
        <li>
          {t('totp.step_scan')}
          <QrCode qr={secret.qr} label={t('totp.qr_label')} />
          <p class="hint">
            {t('totp.manual')} <code class="secret">{secret.secret}</code>
          </p>
        </li>
        <li>{t('totp.step_code')}</li>
      </ol>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={confirm} noValidate>
        <TextInput {...form.field('code')} label={t('signin.code')} autocomplete="one-time-code" inputMode="numeric" width="code" />
        <button class="button" type="submit" disabled={form.busy}>
          {t('totp.confirm')}
        </button>
      </form>
    </div>
  );
}

export function TotpEnrol({ user, onDone, onSignOut }) {
  const t = useT();
  useEffect(() => {
    document.title = `${t('totp.title')} — Ura`;
  }, []);
  return (
    <main id="main" class="signin-main">
      <div class="signin-card signin-card--wide">
        <h1>{t('totp.title')}</h1>
        <p>{t('totp.required', { name: user.display_name })}</p>
        <TotpSetup onEnabled={onDone} />
        <p>
          <button class="link-button" type="button" onClick={onSignOut}>
            {t('nav.sign_out')}
          </button>
        </p>
      </div>
    </main>
  );
}
