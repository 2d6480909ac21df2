// ESLint: typescript-eslint's type-checked recommendations, tuned where this codebase differs on
// purpose (each exception says why), plus the one structural rule no other tool holds: functions
// short enough to do one job. Layout is Prettier's; layers and cycles are dependency-cruiser's
// (.dependency-cruiser.cjs). Run by `npm run lint` (scripts/lint.js), which `npm test` runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.build/**',
      '.cache/**',
      'node_modules/**',
      'coverage/**',
      '**/bin/**',
      '**/obj/**',
      'test/**/fixtures/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.js'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // One job per function: past ~60 lines of code a function does several.
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
      // A `let` assigned once may still be needed: a callback made before the value exists reads it.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // tsc's noUnusedLocals/noUnusedParameters already hold this, with the same verdicts.
      '@typescript-eslint/no-unused-vars': 'off',
      // Messages interpolate numbers and booleans on purpose ("3 findings", "required: true").
      // Nullish is allowed too: with noUncheckedIndexedAccess every indexed read (a regex group, a
      // list's first entry) types as possibly undefined even after a check settled it. Objects,
      // `any` and `unknown` in a template are still errors.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowAny: false, allowNever: false },
      ],
      // Parsed JSON and child-process messages are `unknown` and narrowed by hand (isObject); where
      // the code assigns from JSON.parse it is into a type it checks next, as the rules below still
      // require for calls and member access on it.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Fire-and-forget is deliberate for server handlers and signal handlers, which report their
      // own errors; an unhandled rejection still crashes the process (Node's default).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // `async` methods that do not await keep one signature across an interface's implementations.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain JavaScript (bin, scripts, this file) has no types to check.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Tests and benchmarks read JSON bodies and build hostile documents as `any`, and assert on (or
    // count) what comes back: the assertion is the type check.
    files: ['test/**/*.ts', 'src/**/bench.ts', 'src/**/*-bench.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // A test file is a list of cases in describe() callbacks, long by nature; each case is short.
    files: ['test/**/*.ts'],
    rules: {
      'max-lines-per-function': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowAny: true, allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
    },
  },
);
