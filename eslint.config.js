/**
 * Lint: eslint-plugin-office-addins' React config (load before read, sync before read,
 * no context.sync in loops, isNullObject checks, prettier) applied to .ts and .tsx alike
 * (the plugin's own config matches .ts only). No production file (src/, scripts/) over 600
 * lines, blank lines and comments included: a bigger file is split by job (tests are exempt).
 */
const officeAddins = require("eslint-plugin-office-addins");
const tsParser = require("typescript-eslint").parser;

const base = officeAddins.configs.react;
const tsBlock = base.find((c) => c.files && c.rules && c.rules["office-addins/load-object-before-read"]);

module.exports = [
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test-artifacts/**", ".cache/**"] },
  ...base,
  {
    files: ["**/*.tsx"],
    plugins: tsBlock.plugins,
    languageOptions: { parser: tsParser, sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: tsBlock.rules,
  },
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parser: tsParser, sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      // TypeScript checks undefined names (tsc --noEmit runs first); the JS rule does not know
      // ambient globals such as Excel, Office and CustomFunctions.
      "no-undef": "off",
      "react/react-in-jsx-scope": "off",
      "react/prop-types": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx,js,cjs,mjs}", "scripts/**/*.{ts,tsx,js,cjs,mjs}"],
    ignores: ["**/*.test.*"],
    rules: { "max-lines": ["error", { max: 600, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { process: "readonly", console: "readonly" },
    },
  },
];
