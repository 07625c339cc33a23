'use strict';
// Removes dist/ before a build so that no stale compiled node or credential is ever packed.
const fs = require('node:fs');
const path = require('node:path');

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
