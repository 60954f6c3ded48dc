// check.js: does Rocket.Chat 8.x accept these requests? For each JSON line on
// stdin it parses the query (or body) the way the server does and runs the
// route's validator from @rocket.chat/rest-typings 8.8.1, and writes one JSON
// line to stdout. README.md explains the input, the output and the sources.
//
//   in:  {"id": 1, "validator": "isGET...Params", "query": "count=10&offset=0"}
//        {"id": 2, "validator": "is...Props", "body": "{\"rid\":\"x\"}"}
//   out: {"id": 1, "ok": true, "parsed": {...}, "params": {...}, "errors": [], ...}
//
// node check.js --list prints the validator names instead.

import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { createInterface } from 'node:readline';

import qs from 'qs';

const here = new URL('./', import.meta.url);
const restDir = new URL('vendor/rest-typings/', here);
const PINS = new URL('vendor/.pins', here);
const SETUP = 'bash tools/restcheck/setup.sh';

if (!existsSync(PINS) || !existsSync(new URL('node_modules/ajv/package.json', here))) {
	process.stderr.write(`restcheck: tools not installed; run: ${SETUP}\n`);
	process.exit(3);
}

register('./loader.js', import.meta.url, {
	data: { restPrefix: restDir.href, coreTypings: new URL('core-typings.js', here).href },
});

// The Ajv instances dist/v1/Ajv.js builds, compiling on first use.
const { ajv, ajvQuery } = await import(new URL('dist/v1/Ajv.js', restDir));
compileOnFirstUse(ajv, 'ajv');
compileOnFirstUse(ajvQuery, 'ajvQuery');
const { version } = JSON.parse(readFileSync(new URL('package.json', restDir), 'utf8'));
const validators = await loadValidators(new URL('dist/', restDir));

if (process.argv.includes('--list')) {
	for (const [name, fn] of [...validators].sort()) {
		process.stdout.write(`${name}\t${compiledWith(fn)}\n`);
	}
	process.exit(0);
}

let lineNo = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
	lineNo++;
	if (line.trim() === '') {
		continue;
	}
	process.stdout.write(`${JSON.stringify(checkLine(line))}\n`);
}

// loadValidators imports the package's entry point, dist/index.js, as the
// server does ("import { isX } from '@rocket.chat/rest-typings'"), and keeps
// every exported Ajv validate function by name. Files the entry point does
// not reach are never loaded (one, v1/channels/ChannelsSetDefaultProps.js,
// holds a schema Ajv refuses to compile).
async function loadValidators(dist) {
	const mod = await import(new URL('index.js', dist));
	const found = new Map();
	for (const [name, value] of Object.entries(mod)) {
		if (typeof value === 'function' && 'schema' in value && 'errors' in value) {
			found.set(name, value);
		}
	}
	return found;
}

// compileOnFirstUse makes instance.compile return a validate function that
// compiles its schema the first time it runs. The package compiles its ~400
// schemas when its modules load, as the server does at boot; that is most
// of a run's time, and a run uses a few. The functions behave as Ajv's
// (result, .errors, .schema). A schema that names others ($id, $ref) is
// compiled at once, in the package's order, in case another one refers to it.
function compileOnFirstUse(instance, name) {
	const compile = instance.compile.bind(instance);
	instance.compile = (schema, meta) => {
		const text = JSON.stringify(schema);
		if (text.includes('"$id"') || text.includes('"$ref"')) {
			const fn = compile(schema, meta);
			fn.compiledWith = name;
			return fn;
		}
		let fn;
		const validate = (data) => {
			fn ??= compile(schema, meta);
			const ok = fn(data);
			validate.errors = fn.errors;
			return ok;
		};
		return Object.assign(validate, { schema, errors: null, compiledWith: name });
	};
}

// compiledWith names the instance that compiled fn. Ajv.js compiles its own
// error-response validators before compileOnFirstUse is in place; Ajv's
// cache, keyed by schema, tells those apart.
function compiledWith(fn) {
	if (fn.compiledWith) {
		return fn.compiledWith;
	}
	if (ajvQuery._cache?.has(fn.schema)) {
		return 'ajvQuery';
	}
	return ajv._cache?.has(fn.schema) ? 'ajv' : 'unknown';
}

function checkLine(line) {
	let req;
	try {
		req = JSON.parse(line);
	} catch (err) {
		return { ok: false, problem: `input line ${lineNo} is not JSON: ${err.message}` };
	}
	const out = { id: req?.id, ok: false, validator: req?.validator };
	const hasQuery = typeof req?.query === 'string';
	const hasBody = typeof req?.body === 'string';
	if (hasQuery === hasBody) {
		return { ...out, problem: 'give exactly one of "query" (a string) and "body" (a string)' };
	}
	const validate = validators.get(req.validator);
	if (validate === undefined) {
		return { ...out, problem: `unknown validator ${JSON.stringify(req.validator)}: @rocket.chat/rest-typings ${version} exports no validator of that name (node tools/restcheck/check.js --list)` };
	}
	out.compiledWith = compiledWith(validate);

	let parsed;
	try {
		parsed = hasQuery ? parseQuery(req.query, out) : parseBody(req.body);
	} catch (err) {
		return { ...out, problem: err.message };
	}
	out.parsed = structuredClone(parsed);
	out.ok = validate(parsed) === true; // Ajv coerces parsed in place
	out.params = parsed;
	out.errors = validate.errors ?? [];
	out.message = out.errors.map((e) => e.message).join('\n ');
	return out;
}

// parseQuery follows the query from the wire to the validator in
// Rocket.Chat 8.x (sources in README.md):
//  1. honoAdapterForExpress passes req.originalUrl to hono.request, which
//     builds new Request('http://localhost' + path): the WHATWG URL parser
//     percent-encodes what must be (spaces, quotes, non-ASCII) and keeps the
//     rest, malformed escapes included.
//  2. Router.parseQueryParams takes request.raw.url.split('?')[1] || ''.
//  3. parseQueryParams: qs.parse(q, { arrayLimit: 500, throwOnLimitExceeded: true });
//     a throw is the server's 400 "Invalid query parameters".
function parseQuery(raw, out) {
	const url = new Request(`http://localhost/api/v1/restcheck?${raw}`).url;
	const query = url.split('?')?.[1] || '';
	out.query = query;
	try {
		return qs.parse(query, { arrayLimit: 500, throwOnLimitExceeded: true });
	} catch (err) {
		throw new Error(`the server answers 400 "Invalid query parameters": qs: ${err.message}`);
	}
}

// parseBody follows Router.parseBodyParams for Content-Type application/json:
// an empty body is {}, an array stays an array, anything else is spread into
// an object. A body that is not JSON is reported (the server would quietly
// read it as {}).
function parseBody(raw) {
	if (raw === '') {
		return {};
	}
	let body;
	try {
		body = JSON.parse(raw);
	} catch (err) {
		throw new Error(`body is not JSON (the server would read it as {}): ${err.message}`);
	}
	if (body === '') {
		return {};
	}
	return Array.isArray(body) ? body : { ...body };
}
