// Lint rules. src/ gets typescript-eslint's type-aware recommended set: a promise nobody awaits
// loses an error, and the engine is all async I/O. Tests and benchmarks get the syntactic set only
// (type-aware linting of every test file doubles the time for little gain). A type import must be
// marked as one, so that loading a module never pulls in another for its types. Formatting is
// Prettier's job (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const LOSSLESS = 'a path may not be UTF-8: import it from src/fs/lossless-fs.ts';
const PATH_TAKING_FS = [
  {
    name: 'node:fs',
    importNames: [
      ...['stat', 'lstat', 'open', 'readdir', 'statSync', 'lstatSync', 'openSync', 'existsSync', 'mkdirSync'],
      ...['unlinkSync', 'rmSync', 'readFileSync', 'writeFileSync', 'renameSync', 'linkSync', 'copyFileSync'],
      ...['realpathSync', 'readlinkSync', 'readdirSync', 'promises'],
    ],
    message: LOSSLESS,
  },
  {
    name: 'node:fs/promises',
    importNames: ['open', 'stat', 'lstat', 'readdir', 'readFile', 'writeFile'],
    message: LOSSLESS,
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', '.bench-out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Sinks, readers and the index keep async signatures where one implementation is sync; the
      // promises that matter are caught by no-floating-promises and no-misused-promises.
      '@typescript-eslint/require-await': 'off',
      // Interfaces here are object literals of closures, never classes that use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // A path may hold bytes that are not UTF-8: only src/fs/lossless-fs.ts hands paths to node:fs.
      'no-restricted-imports': ['error', { paths: PATH_TAKING_FS }],
    },
  },
  { files: ['src/fs/lossless-fs.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The command and its loader are CommonJS (bin/package.json): a CommonJS main starts faster.
    files: ['bin/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __filename: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
