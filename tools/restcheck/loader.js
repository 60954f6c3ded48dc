// Module hooks that let Node load @rocket.chat/rest-typings' dist files as
// they were published. The files are ES modules written for a bundler: their
// package.json does not say "type": "module", and their imports leave out the
// extension ('./Ajv', 'ajv/dist/2020'). Only files under vendor/rest-typings/
// are affected; nothing is rewritten.
//
//   load:    a .js file under vendor/rest-typings/ is an ES module.
//   resolve: from those files, a specifier that does not resolve as written
//            and has no extension is tried with '.js', then '/index.js'
//            (the CommonJS rules the TypeScript build assumed), and
//            '@rocket.chat/core-typings' is core-typings.js, which re-exports
//            the real enums from vendor/core-typings/ (the package's own
//            index needs zod, typia and more that the validators never use).

let restPrefix = '';
let coreTypings = '';

export async function initialize(data) {
	restPrefix = data.restPrefix;
	coreTypings = data.coreTypings;
}

export async function resolve(specifier, context, nextResolve) {
	if (!context.parentURL?.startsWith(restPrefix)) {
		return nextResolve(specifier, context);
	}
	if (specifier === '@rocket.chat/core-typings') {
		return { url: coreTypings, shortCircuit: true };
	}
	try {
		return await nextResolve(specifier, context);
	} catch (err) {
		const lastPart = specifier.split('/').pop();
		const retry = (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'ERR_UNSUPPORTED_DIR_IMPORT') && !lastPart.includes('.');
		if (!retry) {
			throw err;
		}
		for (const candidate of [`${specifier}.js`, `${specifier}/index.js`]) {
			try {
				return await nextResolve(candidate, context);
			} catch {
				// try the next form
			}
		}
		throw err;
	}
}

export async function load(url, context, nextLoad) {
	if (url.startsWith(restPrefix) && url.endsWith('.js')) {
		return nextLoad(url, { ...context, format: 'module' });
	}
	return nextLoad(url, context);
}
