'use client';
/** Latitude/longitude inputs (optional position for the map), with the API's field errors. */
import type { ErrorDetails } from '@rrnet/contracts';
import { useTranslations } from 'next-intl';
import { FormField } from './FormField';

export function LocationFields({
  lat,
  lng,
  onChange,
  errors,
}: {
  lat: string;
  lng: string;
  onChange: (next: { lat: string; lng: string }) => void;
  errors: ErrorDetails;
}) {
  const t = useTranslations();
  return (
    <>
      <FormField label={t('location.lat')} error={errors['location.lat'] ?? errors.location}>
        {(props) => (
          <input {...props} name="lat" inputMode="decimal" placeholder={t('location.lat_placeholder')} value={lat} onChange={(e) => onChange({ lat: e.target.value, lng })} />
        )}
      </FormField>
      <FormField label={t('location.lng')} error={errors['location.lng']}>
        {(props) => (
          <input {...props} name="lng" inputMode="decimal" placeholder={t('location.lng_placeholder')} value={lng} onChange={(e) => onChange({ lat, lng: e.target.value })} />
        )}
      </FormField>
    </>
  );
}
