import reactHooks from 'eslint-plugin-react-hooks';
import base from '../../eslint.config.base.js';

export default [
  ...base,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Requests are made in src/api/ only: one place that knows the API's paths and schemas.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/api/**', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='api'][callee.property.name=/^(get|send)$/]",
          message: 'Call the API through a named function in src/api/ (gaps-api.ts, map-api.ts, …), not api.get/api.send.',
        },
      ],
    },
  },
  {
    // Every map starts through map/start-map.ts: the same controls, credits and clean-up.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/map/start-map.ts', '**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'maplibre-gl', importNames: ['Map'], allowTypeImports: true, message: 'Start a map with startMap (map/start-map.ts).' }] },
      ],
    },
  },
];
