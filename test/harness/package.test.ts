/**
 * The built package as n8n's loader sees it: every node and credential listed in package.json loads
 * with n8n-core's PackageDirectoryLoader, exports the class named after its file, and has its icons.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

import { loadPackage, PACKAGE_ROOT } from './index';

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
};

describe('package metadata', () => {
	it('follows the community-package rules', () => {
		expect(pkg.name).toBe('n8n-nodes-filescom-laserfiche');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.n8n.strict).toBe(true);
	});
});

describe('loading the built package', () => {
	it('loads every listed node and credential through PackageDirectoryLoader', async () => {
		const loader = await loadPackage();
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(
			pkg.n8n.nodes
				.map((file) => basename(file, '.node.js').replace(/^./, (c) => c.toLowerCase()))
				.sort(),
		);
		expect(Object.keys(loader.credentialTypes).sort()).toEqual(
			pkg.n8n.credentials
				.map((file) => basename(file, '.credentials.js').replace(/^./, (c) => c.toLowerCase()))
				.sort(),
		);
	});

	it.each([...pkg.n8n.nodes, ...pkg.n8n.credentials])(
		'%s exports the class named after its file',
		(file) => {
			const className = basename(file).split('.')[0];
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const exported = require(resolve(PACKAGE_ROOT, file)) as Record<string, unknown>;
			expect(typeof exported[className]).toBe('function');
		},
	);

	it.each(pkg.n8n.nodes)('%s has its codex and both icons in dist', (file) => {
		const full = resolve(PACKAGE_ROOT, file);
		expect(existsSync(`${full}on`)).toBe(true);
		const className = basename(file).split('.')[0];
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const NodeClass = (
			require(full) as Record<
				string,
				new () => { description: { icon: { light: string; dark: string } } }
			>
		)[className];
		const { icon } = new NodeClass().description;
		for (const variant of [icon.light, icon.dark]) {
			expect(existsSync(resolve(dirname(full), variant.replace(/^file:/, '')))).toBe(true);
		}
	});
});
