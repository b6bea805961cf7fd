// Layering, as VS Code does it: the folder says where code runs, and an import
// across the wrong boundary is a lint error.
//   draw-core/        pure: no Node, no DOM, no other folder (only @noble/hashes, fflate, valibot)
//   hardware/         Node: draw-core only
//   electron/main/    Electron main process, electron/preload/ its preload: the only places that import 'electron'
//   electron/contract/ pure: the screens' contract with the service (types, failure words): draw-core and hardware's types
//   electron/*        plain Node (service, CLI, web server): draw-core, hardware and the contract
//   renderer/         browser: draw-core and electron/contract only
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

const nodeBuiltins = ['node:*', ...builtinModules, ...builtinModules.map((m) => `${m}/*`)];
const restrict = (message, group) => ({ group, message });
// The Electron package itself, not the project's electron/ folder.
const electronPackage = (message) => ({ regex: '^electron(/.*)?$', message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'tests/reference/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Type-aware rules: each file is checked with the tsconfig.json nearest to it.
      parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its failure; a switch over a union must name every member.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Typed-array indexing in hot loops under noUncheckedIndexedAccess reads best with `!`.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': ['error', {
        patterns: [electronPackage('only electron/main may import Electron')],
      }],
    },
  },
  {
    files: ['draw-core/**/*.ts'],
    ignores: ['draw-core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(?!\\./(?!.*\\.\\./)|@noble/hashes/|fflate$|valibot$)',
          message: 'draw-core is pure: it imports only its own ./ modules, @noble/hashes, fflate and valibot (no Node, no DOM, no other folder)',
        }],
      }],
    },
  },
  {
    files: ['hardware/**/*.ts'],
    ignores: ['hardware/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          restrict('hardware may use draw-core, not electron/ or renderer/', ['**/electron/*', '**/renderer/*', '**/tests/*']),
          electronPackage('only electron/main may import Electron'),
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**', 'electron/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          electronPackage('plain-Node code must run without Electron: only electron/main may import it'),
          restrict('plain-Node code must run without Electron: it never imports electron/main', ['**/main/*']),
          restrict('the main process and service never import the renderer', ['**/renderer/*', '**/tests/*']),
        ],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [restrict('the main process never imports the renderer', ['**/renderer/*', '**/tests/*'])],
      }],
    },
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          restrict('the contract runs in the screens too: no Node', nodeBuiltins),
          restrict('the contract is shared by the service and the screens: it imports neither', ['**/service/*', '**/node/*', '**/web/*', '**/cli/*', '**/main/*', '**/preload/*', '**/renderer/*', '**/tests/*']),
          { ...restrict('the contract carries hardware\'s types only, never its code', ['**/hardware/**']), allowTypeImports: true },
          electronPackage('the contract runs in the screens too'),
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          restrict('the renderer never touches Node, files or hardware: it sends commands and renders state', nodeBuiltins),
          restrict('the renderer talks to the service through the typed contract only (electron/contract)', ['**/hardware/*']),
          { regex: '(^|/)electron/(?!contract/)', message: 'the renderer talks to the service through the typed contract only (electron/contract)' },
          electronPackage('the renderer talks to the service through the typed API only'),
        ],
      }],
    },
  },
  {
    files: ['verify/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          restrict('verify.html runs in a stranger\'s browser from the bundle: no Node', nodeBuiltins),
          restrict('verify.html is built from draw-core only', ['**/electron/*', '**/hardware/*', '**/renderer/*', '**/tests/*']),
          electronPackage('verify.html is built from draw-core only'),
        ],
      }],
    },
  },
);
