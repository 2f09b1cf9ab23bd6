// Referring the case to another institution for a service. The recipient is chosen among the
// mechanism's members that offer the service; the data categories to share are ticked against
// what the survivor's consent covers for that recipient; the emergency basis (sharing without
// consent) is offered only when the case allows it, and asks for the justification.
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { Checkboxes, ErrorSummary, Radios, Select, TextArea } from '../components/Form.jsx';
import { Loading, Notice, Problem } from '../components/Common.jsx';

/* The categories the survivor's live consent records let `recipient` read. */
export function consentedCategories(consents, recipient) {
  const out = new Set();
  for (const c of consents || [])
    if (c.given && !c.withdrawn_at && recipient && (c.institution_ids.includes(recipient.id) || c.institution_types.includes(recipient.type)))
      c.categories.forEach((x) => out.add(x));
  return out;
}

export function emergencyAllowed(doc) {
  return doc.imminent_danger || doc.risk_level === 'high' || doc.risk_level === 'extreme';
}

export function ReferralForm({ doc, onSent }) {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const { directory } = useSession();
  const members = useFetch(`/mechanisms/${doc.mechanism_id}/members?limit=500`, [doc.mechanism_id]);
  const form = useForm({ service: '', to_institution_id: '', urgency: '', reason: '', share: [], basis: 'consent', justification: '', disclose_address_reason: '' });
  const v = form.values;
  if (members.error) return <Problem error={members.error} />;
  if (!members.data) return <Loading />;

  const candidates = members.data.items
    .map((m) => directory.institution(m.institution_id))
    .filter((i) => i && i.id !== doc.owner_institution_id);
  const services = options('service').filter((s) => candidates.some((i) => i.services.includes(s.value)));
  const recipients = candidates.filter((i) => v.service && i.services.includes(v.service));
  const recipient = directory.institution(Number(v.to_institution_id));
  const covered = consentedCategories(doc.consents, recipient);
  const emergency = v.basis === 'emergency';
  const shareOptions = options('category').map((o) => {
    const ok = emergency || covered.has(o.value);
    return { ...o, disabled: !ok, note: ok ? undefined : t('referral.not_consented') };
  });
  const confidential = doc.survivor?.address_confidential && v.share.includes('contact');

  const submit = form.submit(async (values) => {
    const body = {
      to_institution_id: Number(values.to_institution_id) || undefined,
      service: values.service || undefined,
      urgency: values.urgency || undefined,
      reason: values.reason,
      share: emergency ? values.share : values.share.filter((c) => covered.has(c)),
      basis: values.basis,
    };
    if (emergency) body.justification = values.justification;
    if (confidential && values.disclose_address_reason.trim()) body.disclose_address_reason = values.disclose_address_reason;
    onSent(await api.post(`/cases/${doc.id}/referrals`, body));
  });

  return (
    <section class="panel" aria-labelledby="new-referral">
      <h3 id="new-referral">{t('referral.new')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <Select {...form.field('service')} label={t('referral.service')} placeholder={t('form.choose')} options={services} onValue={(s) => form.setValues({ ...v, service: s, to_institution_id: '' })} />
        <Select
          {...form.field('to_institution_id')}
          numeric
          label={t('referral.to')}
          hint={v.service ? t('referral.to_hint', { service: label('service', v.service) }) : t('referral.to_hint_first')}
          placeholder={t('form.choose')}
          options={recipients.map((i) => ({ value: i.id, label: `${i.name} (${label('institution_type', i.type)})` }))}
          onValue={(id) => form.setValues({ ...v, to_institution_id: id, share: [] })}
        />
        <Radios {...form.field('urgency')} legend={t('referral.urgency')} hint={t('referral.urgency_hint')} options={options('urgency')} />
        <TextArea {...form.field('reason')} label={t('referral.reason')} rows={3} />
        {emergencyAllowed(doc) && (
          <Radios
            {...form.field('basis')}
            legend={t('referral.basis')}
            hint={t('referral.basis_hint')}
            options={options('referral_basis')}
            onValue={(b) => form.setValues({ ...v, basis: b, share: [] })}
          />
        )}
        {emergency && <TextArea {...form.field('justification')} label={t('referral.justification')} hint={t('referral.justification_hint')} rows={3} />}
        {recipient && !emergency && covered.size === 0 && (
          <Notice kind="warning">
            <p>{t('referral.no_consent_for', { name: recipient.name })}</p>
          </Notice>
        )}
        <Checkboxes {...form.field('share')} legend={t('referral.share')} hint={t('referral.share_hint')} options={shareOptions} columns />
        {confidential && (
          <TextArea {...form.field('disclose_address_reason')} label={t('referral.disclose_address')} hint={t('referral.disclose_address_hint')} rows={2} />
        )}
        <button class="button" type="submit" disabled={form.busy}>
          {t('referral.send')}
        </button>
      </form>
    </section>
  );
}

export function SentNotice({ referral, timeZone }) {
  const t = useT();
  const { directory } = useSession();
  if (!referral) return null;
  return (
    <Notice kind="success" role="status" title={t('referral.sent_title')}>
      <p>{t('referral.sent_text', { name: directory.institutionName(referral.to_institution_id), when: formatDateTime(referral.respond_by, timeZone) })}</p>
    </Notice>
  );
}
