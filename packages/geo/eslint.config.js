import base from '../../eslint.config.base.js';

const NODE_ONLY = ['src/asset-files/**', 'src/postcode-file.ts', 'src/shipped-provision.ts'];

export default [
  ...base,
  {
    // The package is pure and runs in the browser too: no Node APIs, no apps. The Node-only
    // entry points (package.json "exports") that read the shipped files are the exception.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support.ts', ...NODE_ONLY],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'worker_threads'], message: 'packages/geo is pure: file reading belongs to the Node-only entry points or the API.' },
            { group: ['**/apps/**', '@common-ground/api', '@common-ground/web'], message: 'Packages never import the apps.' },
          ],
        },
      ],
    },
  },
];
