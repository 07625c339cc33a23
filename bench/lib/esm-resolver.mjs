/**
 * Loads the official Laserfiche packages under plain Node: @laserfiche/lf-api-client-core 1.1.21 imports
 * a relative module without its extension ('./ApiException'), which Node's ES module resolver refuses
 * (bundlers accept it). This resolve hook retries such a specifier with '.js'. Used by bench workers as
 * `node --import ./bench/lib/esm-resolver.mjs`.
 */
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, nextResolve) {
	try {
		return await nextResolve(specifier, context);
	} catch (error) {
		const relative = specifier.startsWith('./') || specifier.startsWith('../');
		if (error && error.code === 'ERR_MODULE_NOT_FOUND' && relative && !/\\.[cm]?js$/.test(specifier)) {
			return await nextResolve(specifier + '.js', context);
		}
		throw error;
	}
}
`;

register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
