'use strict';
// The package's entry point, published as dist/index.js (package.json "main").
// n8n loads this package's nodes and credentials from the "n8n" section of package.json (dist/...).
// `main` only has to resolve, so it loads nothing.
module.exports = {};
