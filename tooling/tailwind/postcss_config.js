/** PostCSS for apps using the preset: Tailwind CSS 4's plugin, nothing else. */
export default {
  plugins: {
    '@tailwindcss/postcss': {},
  },
};
