'use strict';
/** Jest runs every test under test/ with ts-jest; the package is built (dist/) first by globalSetup. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The end-to-end suite drives a real n8n (npm run test:e2e), not jest.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/harness/global-setup.js',
	testTimeout: 60_000,
	maxWorkers: 2,
};
