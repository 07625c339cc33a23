'use strict';
// Copies what tsc does not emit into dist/: the light and dark SVG icons and the codex .node.json files.
const path = require('node:path');
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src(['icons/**/*.svg', 'nodes/**/*.svg', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest(path.resolve('dist')));
}

/** index.js is the package's entry point; it is published as dist/index.js (package.json "main"). */
function copyEntryPoint() {
	return src('index.js').pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
exports['build:codex'] = copyCodex;
exports.build = parallel(copyIcons, copyCodex, copyEntryPoint);
exports.default = exports.build;
