import base from '../../eslint.config.base.js';

/*
 * The layers, kept apart by lint (docs/ARCHITECTURE.md draws them):
 *   server.ts, cli/ → app.ts → modules/ (routes → services → repositories: lint keeps routes off repositories)
 *   modules/ → http/, plugins/, db/ → packages
 * Infrastructure (db/, http/, plugins/, loader/) never imports a module or the app, and
 * db/ does not know what is loaded into it.
 */
const INFRASTRUCTURE_MAY_NOT = [
  { group: ['**/modules/**'], message: 'Infrastructure must not import a module: move the shared piece down (http/, db/ or a package).' },
  { group: ['**/app.js', '**/server.js', '**/cli/**'], message: 'Only server.ts and the CLIs compose the app.' },
];

const MODULES_MAY_NOT = [
  { group: ['**/*.routes.js'], message: 'Routes are leaves: share a service or an http/ helper instead.' },
  {
    group: ['**/app.js', '**/server.js', '**/cli/**', '**/loader/**', '**/testing/**'],
    message: 'Modules do not reach up into the app, the CLIs, the loader or test helpers.',
  },
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
        {
          patterns: [
            ...INFRASTRUCTURE_MAY_NOT,
            { group: ['**/loader/**'], message: "db/ opens databases; what is loaded into them is server.ts's and the load CLI's business." },
          ],
        },
      ],
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: MODULES_MAY_NOT }] },
  },
  {
    // Routes speak to services only (a service may simply re-export a read with no rule of its own).
    files: ['src/modules/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...MODULES_MAY_NOT,
            { group: ['**/*.repository.js'], message: "Routes call services, never repositories: add or re-export the read in the module's service." },
          ],
        },
      ],
    },
  },
];
