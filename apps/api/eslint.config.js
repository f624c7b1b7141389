import base from '../../eslint.config.base.js';

/*
 * The layers, kept apart by lint (docs/ARCHITECTURE.md draws them):
 *   server.ts, cli/ → app.ts → modules/ (routes → services → repositories)
 *   modules/ → http/, plugins/, db/ → packages
 * Infrastructure (db/, http/, plugins/, loader/) never imports a module or the app, and
 * db/ does not know what is loaded into it.
 */
const INFRASTRUCTURE_MAY_NOT = [
  { group: ['**/modules/**'], message: 'Infrastructure must not import a module: move the shared piece down (http/, db/ or a package).' },
  { group: ['**/app.js', '**/server.js', '**/cli/**'], message: 'Only server.ts and the CLIs compose the app.' },
];

export default [
  ...base,
  {
    files: ['src/db/**/*.ts', 'src/http/**/*.ts', 'src/plugins/**/*.ts', 'src/loader/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: INFRASTRUCTURE_MAY_NOT }] },
  },
  {
    files: ['src/db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...INFRASTRUCTURE_MAY_NOT, { group: ['**/loader/**'], message: 'db/ opens databases; what is loaded into them is server.ts\'s and the load CLI\'s business.' }] },
      ],
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/*.routes.js'], message: 'Routes are leaves: share a service or an http/ helper instead.' },
            { group: ['**/app.js', '**/server.js', '**/cli/**', '**/loader/**', '**/testing/**'], message: 'Modules do not reach up into the app, the CLIs, the loader or test helpers.' },
          ],
        },
      ],
    },
  },
];
