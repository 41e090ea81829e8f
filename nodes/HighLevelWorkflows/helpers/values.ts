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
	if (LONE_SURROGATE.test(text)) {
		throw new NodeOperationError(context.getNode(), `${label} holds a broken character (half of a UTF-16 pair) and cannot be sent`, {
			itemIndex,
			description: `${hint}. The field's text was cut in the middle of a character (an emoji, say) before it reached n8n`,
		});
	}
	return text;
}

/** Half of a UTF-16 surrogate pair: no URL or JSON body can carry it as it is. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Far longer than any HighLevel id (contacts 20 characters, workflows 36), far shorter than a URL may be. */
export const MAX_ID_LENGTH = 200;

function isControl(character: string): boolean {
	const code = character.charCodeAt(0);
	return code < 0x20 || code === 0x7f;
}

export function hasControlCharacter(text: string): boolean {
	return [...text].some(isControl);
}

/**
 * An id HighLevel treats as one path segment. `.` and `..` would be read as path steps, control
 * characters are no part of any id, and nothing longer than MAX_ID_LENGTH is one: none is sent.
 */
export function requireId(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	hint: string,
): string {
	const id = requireText(context, value, label, itemIndex, hint);
	if (id.length > MAX_ID_LENGTH) {
		throw new NodeOperationError(context.getNode(), `${label} is ${id.length} characters long, not an ID`, {
			itemIndex,
			description: `${hint}. HighLevel's IDs have 20 (contacts) or 36 (workflows) characters; this node sends none longer than ${MAX_ID_LENGTH}`,
		});
	}
	if (id === '.' || id === '..' || hasControlCharacter(id)) {
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
