// The choice install.js makes when the registry lacks a version n8n pins (scripts/n8n/substitutes.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nearestBelow } = require('../../scripts/n8n/substitutes') as {
	nearestBelow: (wanted: string, served: string[]) => string | undefined;
};

describe('n8n install: a stand-in for a pinned version the registry does not serve', () => {
	// The versions the registry reachable here served for n8n-core on 2026-12-03.
	const nCore = ['2.40.2', '2.40.3', '2.41.0', '2.41.1', '2.42.0-rc.1', '3.0.0'];

	it('is the newest served patch of the same major.minor below the pin', () => {
		expect(nearestBelow('2.41.2', nCore)).toBe('2.41.1');
		expect(nearestBelow('2.41.2', ['2.41.1', '2.41.0'])).toBe('2.41.1');
		expect(nearestBelow('2.41.10', ['2.41.9', '2.41.2'])).toBe('2.41.9');
	});

	it('is never another minor, a newer version or a pre-release', () => {
		expect(nearestBelow('2.41.0', nCore)).toBeUndefined();
		expect(nearestBelow('2.42.0', nCore)).toBeUndefined();
		expect(nearestBelow('2.41.2', ['2.41.3', '2.41.2-beta.1'])).toBeUndefined();
	});
});
