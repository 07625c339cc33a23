'use strict';
/**
 * Lets plain `node` load the TypeScript test harness (test/harness/*.ts), so that the benchmark workers
 * run our nodes through the very same n8n-core execution path as the tests. Each .ts file is transpiled
 * on load with the project's own TypeScript (types are not checked here; `npx tsc -p tsconfig.test.json`
 * does that). Only used by bench/ workers.
 */
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2021,
	esModuleInterop: true,
	resolveJsonModule: true,
	sourceMap: false,
	inlineSourceMap: false,
};

if (!require.extensions['.ts']) {
	require.extensions['.ts'] = (module, filename) => {
		const source = fs.readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
		module._compile(outputText, filename);
	};
}
