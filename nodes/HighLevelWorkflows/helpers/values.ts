import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * A required text value from a parameter that users often fill by expression: numbers become text,
 * whitespace is trimmed, null counts as empty, and objects, lists or booleans are a clear item error.
 */
export function requireText(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	hint: string,
): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value === null || value === undefined) {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, { itemIndex, description: hint });
	}
	if (typeof value !== 'string') {
		throw new NodeOperationError(context.getNode(), `${label} must be text, but the value is ${kindOf(value)}`, {
			itemIndex,
			description: hint,
		});
	}
	const text = value.trim();
	if (!text) {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, { itemIndex, description: hint });
	}
	return text;
}

function isControl(character: string): boolean {
	const code = character.charCodeAt(0);
	return code < 0x20 || code === 0x7f;
}

/** An id HighLevel treats as one path segment. `.` and `..` would be read as path steps, so never sent. */
export function requireId(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	hint: string,
): string {
	const id = requireText(context, value, label, itemIndex, hint);
	if (id === '.' || id === '..' || [...id].some(isControl)) {
		const shown = [...id].map((c) => (isControl(c) ? '?' : c)).join('');
		throw new NodeOperationError(context.getNode(), `${label} "${shown}" is not a valid ID`, {
			itemIndex,
			description: hint,
		});
	}
	return id;
}

/** Percent-encodes an id so that it stays one path segment, whatever it holds. */
export function pathSegment(id: string): string {
	return encodeURIComponent(id).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A HighLevel workflow id; the one pattern the ID check and the locator's URL and ID modes use. */
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const UUID = new RegExp(`^${UUID_PATTERN}$`);

export function isUuid(value: string): boolean {
	return UUID.test(value);
}
