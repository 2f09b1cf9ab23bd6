// What happened: when, the forms of violence, where, the account, and for hate crimes the bias
// motivations (the ODIHR categories).
import { useOptions, useT } from '../lib/i18n.js';
import { Checkboxes, DateInput, Select, TextArea } from '../components/Form.jsx';

export function IncidentFields({ form, prefix, kind }) {
  const t = useT();
  const options = useOptions();
  const f = (name) => form.field(prefix ? `${prefix}.${name}` : name);
  return (
    <>
      <DateInput {...f('occurred_on')} legend={t('incident.occurred_on')} />
      <Checkboxes {...f('forms')} legend={t('incident.forms')} hint={t('form.tick_all')} options={options('form')} columns />
      <Select {...f('place')} label={t('incident.place')} placeholder={t('form.choose')} options={options('place')} />
      <TextArea {...f('narrative')} label={t('incident.narrative')} hint={t('incident.narrative_hint')} rows={5} />
      {kind === 'hate_crime' && (
        <Checkboxes {...f('bias')} legend={t('incident.bias')} hint={t('form.tick_all')} options={options('bias')} columns />
      )}
    </>
  );
}
