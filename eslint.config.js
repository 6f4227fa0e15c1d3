import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// DOM globals that must never appear in the engine: core runs in the CLI, in tests and in
// Electron's main process, none of which has a DOM.
const domGlobals = Object.keys(globals.browser).filter((name) => !(name in globals.node))

const noElectronOrDom = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'electron', message: 'src/core and src/shared must stay free of Electron.' },
        { name: 'react', message: 'src/core and src/shared must stay free of UI code.' },
      ],
      patterns: [
        { group: ['electron/*', '@electron/*'], message: 'src/core and src/shared must stay free of Electron.' },
        { group: ['**/renderer/**', '**/main/**'], message: 'core may not import the desktop or UI layers.' },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...domGlobals.map((name) => ({
      name,
      message: `"${name}" is a DOM global; src/core and src/shared must not use the DOM.`,
    })),
  ],
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'bench/results/**',
      'resources/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: noElectronOrDom,
  },
  {
    files: ['src/cli/**/*.ts', 'src/main/**/*.ts', 'src/preload/**/*.ts', 'test/**/*.ts', 'scripts/**/*', 'bin/**/*', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
)
