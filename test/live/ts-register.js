'use strict';
/**
 * Lets plain Node load the TypeScript test harness for `npm run test:live`: each .ts file is compiled on
 * require with TypeScript's transpileModule (the compiler options of tsconfig.test.json, types erased, no
 * type check; jest's ts-jest compiles the same files for `npm test`, and `tsc` checks them).
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..');
const { config } = ts.readConfigFile(path.join(ROOT, 'tsconfig.test.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
const compilerOptions = {
	...options,
	noEmit: false,
	sourceMap: false,
	inlineSourceMap: true,
	declaration: false,
	incremental: false,
};

require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};
