// swc strips types only (tsc --noEmit in `npm test` does the type check); the keycloak
// bindings are ESM-only, so jest must transform that one package to CommonJS as well.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/e2e/'],
  transform: {
    '^.+\\.[tj]s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@cdktf-providers/)'],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
