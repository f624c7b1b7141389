import base from '../../eslint.config.base.js';

export default [
  ...base,
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', '**/apps/**', '@common-ground/*'], message: 'The schema package depends on zod alone: the contract every app shares.' }] },
      ],
    },
  },
];
