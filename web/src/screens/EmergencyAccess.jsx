// Break glass: in an emergency a member institution of the mechanism may read a case it does not
// own, for 24 hours, with a written justification. The second step names the consequences
// before anything happens; the case then opens with a banner showing the time left.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { navigate } from '../lib/router.js';
import { ErrorSummary, TextArea, TextInput } from '../components/Form.jsx';
import { Notice, Page, Problem } from '../components/Common.jsx';

export function EmergencyAccess() {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const form = useForm({ reference: '', justification: '' });
  const submit = form.submit(async (v) => {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    const grant = await api.post('/emergency-access', { reference: v.reference.trim().toUpperCase(), justification: v.justification });
    navigate(`/cases/${grant.case_id}`);
  });
  const back = () => setConfirming(false);
  return (
    <Page title={t('emergency.title')} subtitle={t('emergency.subtitle')}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        {!confirming ? (
          <>
            <TextInput {...form.field('reference')} label={t('emergency.reference')} hint={t('emergency.reference_hint')} autocomplete="off" width="medium" autocapitalize="characters" />
            <TextArea {...form.field('justification')} label={t('emergency.justification')} hint={t('emergency.justification_hint')} rows={4} />
            <button class="button button--warning" type="submit">
              {t('emergency.continue')}
            </button>
          </>
        ) : (
          <>
            <Notice kind="danger" role="alert" title={t('emergency.confirm_title', { reference: form.values.reference.trim().toUpperCase() })}>
              <ul>
                <li>{t('emergency.consequence_time')}</li>
                <li>{t('emergency.consequence_notify')}</li>
                <li>{t('emergency.consequence_audit')}</li>
                <li>{t('emergency.consequence_readonly')}</li>
              </ul>
            </Notice>
            <div class="button-row">
              <button class="button button--warning" type="submit" disabled={form.busy}>
                {t('emergency.confirm')}
              </button>
              <button class="button button--secondary" type="button" onClick={back}>
                {t('common.back')}
              </button>
            </div>
          </>
        )}
      </form>
    </Page>
  );
}
