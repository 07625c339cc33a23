// The formatting of n8n's node-cli template (@n8n/node-cli, templates/shared/default/.prettierrc.js):
// tabs, single quotes, trailing commas, 100 columns. `npm run format` applies it; `npm run lint` checks it.
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};
