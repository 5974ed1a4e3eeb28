/** Jest runs TypeScript through SWC (type checking is `tsc --noEmit`, run separately). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testPathIgnorePatterns: ["/node_modules/", "/test/e2e/"],
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest"] },
  setupFiles: ["<rootDir>/test/support/setup.ts"],
  moduleNameMapper: { "\\.(css|png|svg)$": "<rootDir>/test/support/assetStub.ts" },
  testTimeout: 30000,
};
