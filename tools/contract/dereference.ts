import { readFileSync } from 'node:fs';
import path from 'node:path';

type Json = unknown;

/**
 * Reads an OpenAPI file with every `$ref` replaced by what it points at, across files
 * (`../common/common-schemas.json#/components/schemas/X`) and within one (`#/components/...`).
 * openapi-backend would do this itself, but its resolver is an ES module jest cannot load.
 */
export function dereferenceFile(file: string): Record<string, unknown> {
	const documents = new Map<string, Json>();
	const resolved = new Map<string, Json>();
	const documentOf = (at: string) => {
		if (!documents.has(at)) documents.set(at, JSON.parse(readFileSync(at, 'utf8')) as Json);
		return documents.get(at);
	};

	function target(ref: string, base: string): { value: Json; file: string; key: string } {
		const [location, pointer = ''] = ref.split('#');
		const at = location ? path.resolve(path.dirname(base), location) : base;
		let value = documentOf(at);
		for (const raw of pointer.split('/').filter(Boolean)) {
			const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
			value = (value as Record<string, Json> | undefined)?.[key];
			if (value === undefined) throw new Error(`${base}: $ref ${ref} points at nothing`);
		}
		return { value, file: at, key: `${at}#${pointer}` };
	}

	function walk(value: Json, base: string): Json {
		if (value === null || typeof value !== 'object') return value;
		if (Array.isArray(value)) return value.map((entry) => walk(entry, base));
		const ref = (value as { $ref?: unknown }).$ref;
		if (typeof ref === 'string') {
			const found = target(ref, base);
			if (!resolved.has(found.key)) {
				// Registered before the walk so a schema that refers to itself ends as a cycle, not a loop.
				const copy: Record<string, Json> = {};
				resolved.set(found.key, copy);
				Object.assign(copy, walk(found.value, found.file));
			}
			return resolved.get(found.key);
		}
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, walk(entry, base)]));
	}

	return walk(documentOf(file), file) as Record<string, unknown>;
}
