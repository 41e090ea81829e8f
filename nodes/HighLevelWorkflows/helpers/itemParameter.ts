import type { IExecuteFunctions, ILoadOptionsFunctions, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import * as workflowPackage from 'n8n-workflow';

/**
 * `{{ $json.field }}`, `{{ $json["field"] }}` or `{{ $json['field'] }}` as a whole parameter: what n8n's
 * editor writes when a field is dragged onto a parameter. Its value is that field of the item.
 */
const FIELD_EXPRESSION = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*'([^'\\]*)'\s*\]|\[\s*"([^"\\]*)"\s*\])\s*\}\}$/;

/** Resource-locator modes whose value is the ID itself (`url` extracts it with a pattern, so n8n reads it). */
const PLAIN_MODES = new Set(['id', 'list']);

type Context = IExecuteFunctions | ILoadOptionsFunctions;

interface RunView {
	node: INode;
	items?: INodeExecutionData[];
	/** Per parameter: the item field it maps whole, or null when n8n has to evaluate it. */
	fields: Map<string, string | null>;
}

const views = new WeakMap<Context, RunView>();

/** The node as the run sees it; n8n copies it on every `getNode()`. */
export function nodeOf(context: Context): INode {
	return runView(context).node;
}

function runView(context: Context): RunView {
	let view = views.get(context);
	if (!view) {
		view = { node: context.getNode(), fields: new Map() };
		views.set(context, view);
	}
	return view;
}

/**
 * Whether n8n's expression sandbox lets an expression read this field (it refuses `constructor`,
 * `__proto__`, `mainModule` and the like). An n8n-workflow too old to say is never read around.
 */
function isReadableField(name: string): boolean {
	const { isSafeObjectProperty } = workflowPackage as { isSafeObjectProperty?: (property: string) => boolean };
	return typeof isSafeObjectProperty === 'function' && isSafeObjectProperty(name);
}

function mappedField(raw: unknown, extractValue: boolean): string | null {
	let expression = raw;
	if (extractValue && typeof raw === 'object' && raw !== null && (raw as INodeParameters).__rl === true) {
		const locator = raw as INodeParameters;
		if (!PLAIN_MODES.has(String(locator.mode))) return null;
		expression = locator.value;
	}
	if (typeof expression !== 'string') return null;
	const match = FIELD_EXPRESSION.exec(expression);
	const field = match ? (match[1] ?? match[2] ?? match[3]) : undefined;
	return field !== undefined && isReadableField(field) ? field : null;
}

/**
 * An item's parameter, as `getNodeParameter` gives it. n8n 2.x evaluates every expression in an isolate
 * (about 1.4 ms each, measured in n8n 2.40.7), which made three mapped fields cost more than the
 * request. A parameter that only maps a field of the item is read from the item instead when that
 * field holds text, which is what n8n would return; anything else (other expressions, other values,
 * other types, a missing field) goes through n8n.
 */
export function itemParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: { extractValue?: boolean },
): unknown {
	const view = runView(context);
	let field = view.fields.get(name);
	if (field === undefined) {
		field = mappedField(view.node.parameters[name], options?.extractValue === true);
		view.fields.set(name, field);
	}
	if (field !== null) {
		view.items ??= context.getInputData();
		const json = view.items[itemIndex]?.json;
		if (json && Object.prototype.hasOwnProperty.call(json, field)) {
			const value = json[field];
			if (typeof value === 'string') return value;
		}
	}
	return context.getNodeParameter(name, itemIndex, fallback, options);
}
