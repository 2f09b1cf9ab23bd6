// The fields of the people in a case, shared by the new-case form and the edit form.
import { useOptions, useT } from '../lib/i18n.js';
import { useSession } from '../lib/session.js';
import { Checkbox, DateInput, Radios, Select, TextArea, TextInput } from '../components/Form.jsx';

export function PersonFields({ form, prefix, parts = ['identity', 'contact'] }) {
  const t = useT();
  const options = useOptions();
  const { directory } = useSession();
  const f = (name) => form.field(`${prefix}.${name}`);
  return (
    <>
      {parts.includes('identity') && (
        <>
          <TextInput {...f('given_name')} label={t('person.given_name')} autocomplete="off" />
          <TextInput {...f('family_name')} label={t('person.family_name')} autocomplete="off" />
          <Radios {...f('sex')} legend={t('person.sex')} options={options('sex')} inline />
          <DateInput {...f('date_of_birth')} legend={t('person.date_of_birth')} />
          <TextInput {...f('personal_number')} label={t('person.personal_number')} hint={t('person.personal_number_hint')} autocomplete="off" width="medium" />
          <Select
            {...f('municipality_id')}
            numeric
            label={t('person.municipality')}
            placeholder={t('form.choose')}
            options={directory.municipalities.map((m) => ({ value: m.id, label: m.name }))}
          />
        </>
      )}
      {parts.includes('contact') && (
        <>
          <TextInput {...f('phone')} label={t('person.phone')} hint={t('person.phone_hint')} type="tel" autocomplete="off" width="medium" />
          <TextArea {...f('address')} label={t('person.address')} rows={2} autocomplete="off" />
          <Checkbox {...f('address_confidential')} label={t('person.address_confidential')} hint={t('person.address_confidential_hint')} />
        </>
      )}
    </>
  );
}

export function PerpetratorFields({ form, prefix }) {
  const t = useT();
  const options = useOptions();
  const f = (name) => form.field(`${prefix}.${name}`);
  return (
    <>
      <TextInput {...f('given_name')} label={t('person.given_name')} autocomplete="off" />
      <TextInput {...f('family_name')} label={t('person.family_name')} autocomplete="off" />
      <Select {...f('relationship')} label={t('perpetrator.relationship')} placeholder={t('form.choose')} options={options('relationship')} />
      <DateInput {...f('date_of_birth')} legend={t('person.date_of_birth')} />
    </>
  );
}

/* Any number of children: add one, remove one. */
export function ChildrenFields({ form }) {
  const t = useT();
  const options = useOptions();
  const children = form.values.children || [];
  const add = () => form.set('children', [...children, { given_name: '', date_of_birth: '', sex: '' }]);
  const remove = (i) => form.set('children', children.filter((_, j) => j !== i));
  return (
    <div class="repeat-group">
      {children.length === 0 && <p class="hint">{t('children.none')}</p>}
      {children.map((_, i) => (
        <fieldset class="repeat-item">
          <legend class="legend legend--small">{t('children.child_n', { n: i + 1 })}</legend>
          <TextInput {...form.field(`children.${i}.given_name`)} label={t('person.given_name')} autocomplete="off" />
          <DateInput {...form.field(`children.${i}.date_of_birth`)} legend={t('person.date_of_birth')} />
          <Radios {...form.field(`children.${i}.sex`)} legend={t('person.sex')} options={options('sex')} inline />
          <button type="button" class="button button--secondary button--small" onClick={() => remove(i)}>
            {t('children.remove', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <button type="button" class="button button--secondary" onClick={add}>
        {t('children.add')}
      </button>
    </div>
  );
}
