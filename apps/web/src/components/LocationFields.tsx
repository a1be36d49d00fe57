'use client';
/**
 * Latitude/longitude of the surrounding <Form> (optional position for the map): the
 * fields `location.lat` and `location.lng`, the API's paths, so its messages land on
 * them; a message about the position as a whole (`location`) shows under both.
 */
import { useTranslations } from 'next-intl';
import { useFormState } from 'react-hook-form';
import { FieldError, FieldGroup } from '@rrnet/ui/Field';
import { InputField } from '@rrnet/ui/Form';

export function LocationFields() {
  const t = useTranslations('location');
  const { errors } = useFormState({ name: 'location' });
  const whole = (errors.location as { message?: unknown } | undefined)?.message;
  return (
    <>
      <InputField name="location.lat" label={t('lat')} inputMode="decimal" autoComplete="off" placeholder={t('lat_placeholder')} />
      <InputField name="location.lng" label={t('lng')} inputMode="decimal" autoComplete="off" placeholder={t('lng_placeholder')} />
      {typeof whole === 'string' && <FieldError className="@md:col-span-2">{whole}</FieldError>}
    </>
  );
}

/** Where a router or a network node stands: its address, then its position, side by side. */
export function PlaceFields() {
  const t = useTranslations('location');
  return (
    <FieldGroup cols={3}>
      <InputField name="address" label={t('address')} autoComplete="off" />
      <LocationFields />
    </FieldGroup>
  );
}
