/**
 * Stands in for @apidevtools/json-schema-ref-parser (an ES module jest cannot require) when jest
 * loads openapi-backend: the contract checker hands openapi-backend specs it dereferenced itself
 * (dereference.ts), so only `parse` of an object (kept as it is) is ever called.
 */
const unused = (): never => {
	throw new Error('dereference the spec with tools/contract/dereference.ts before handing it to openapi-backend');
};
const parse = async (document: unknown): Promise<unknown> => {
	if (typeof document !== 'object' || document === null) unused();
	return document;
};
export default { dereference: unused, resolve: unused, parse };
