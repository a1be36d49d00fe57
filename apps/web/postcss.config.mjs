export { default } from '@rrnet/tailwind-config/postcss-config';
