import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { itemParameter } from '../../nodes/HighLevelWorkflows/helpers/itemParameter';
import { itemsThen, NODE_UNDER_TEST, runWorkflow } from '../../tools/harness';

const PROBE_TYPE = 'n8n-nodes-highlevel-test.parameterProbe';

/** Each parameter under test, as a user might have set it. */
const PARAMETERS: Record<string, unknown> = {
	dot: '={{ $json.contactId }}',
	dotTight: '={{$json.contactId}}',
	bracket: '={{ $json["contact id"] }}',
	single: "={{ $json['contactId'] }}",
	nested: '={{ $json.a.b }}',
	template: '=id-{{ $json.contactId }}',
	computed: '={{ $json.contactId + "" }}',
	inherited: '={{ $json.constructor }}',
	proto: '={{ $json["__proto__"] }}',
	mainModule: '={{ $json.mainModule }}',
	plain: 'abc',
	locatorId: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
	locatorUrl: { __rl: true, mode: 'url', value: '={{ $json.url }}' },
};
const LOCATORS = new Set(['locatorId', 'locatorUrl']);

/** The value read, or the error n8n threw. */
function outcome(read: () => unknown): unknown {
	try {
		return read();
	} catch (error) {
		return { threw: (error as Error).message };
	}
}

/** Reads every parameter both ways for each item, counting what the helper left to n8n. */
class ParameterProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Parameter Probe',
		name: 'parameterProbe',
		group: ['transform'],
		version: 1,
		description: 'Reads parameters through itemParameter and through n8n',
		defaults: { name: 'Parameter Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: Object.keys(PARAMETERS).map((name) =>
			LOCATORS.has(name)
				? {
						displayName: name,
						name,
						type: 'resourceLocator' as const,
						default: { mode: 'id', value: '' },
						modes: [
							{ displayName: 'ID', name: 'id', type: 'string' as const },
							{ displayName: 'URL', name: 'url', type: 'string' as const, extractValue: { type: 'regex' as const, regex: 'id=([a-z0-9]+)' } },
						],
					}
				: { displayName: name, name, type: 'string' as const, default: '' },
		),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const n8nRead = this.getNodeParameter.bind(this);
		let leftToN8n = 0;
		Object.assign(this, {
			getNodeParameter: (...args: Parameters<IExecuteFunctions['getNodeParameter']>) => {
				leftToN8n++;
				return n8nRead(...args);
			},
		});
		return [
			this.getInputData().map((_, itemIndex) => {
				const json: IDataObject = {};
				for (const name of Object.keys(PARAMETERS)) {
					const options = LOCATORS.has(name) ? { extractValue: true } : undefined;
					leftToN8n = 0;
					const helper = outcome(() => itemParameter(this, name, itemIndex, 'fallback', options));
					const helperAskedN8n = leftToN8n > 0;
					json[name] = { helper, n8n: outcome(() => n8nRead(name, itemIndex, 'fallback', options)), helperAskedN8n } as unknown as IDataObject;
				}
				return { json, pairedItem: { item: itemIndex } };
			}),
		];
	}
}

const ITEMS: IDataObject[] = [
	{ contactId: 'c1', 'contact id': 'c 2', a: { b: 'x' }, url: 'https://example.com/?id=abc123' },
	{ contactId: '  spaced  ' },
	{ contactId: 42 },
	{ contactId: null },
	{},
	{ contactId: { nested: true } },
	{ contactId: '' },
	// Own fields of names n8n's expression sandbox refuses to read (JSON.parse makes `__proto__` an own field).
	JSON.parse('{"constructor": "c1", "__proto__": "p1", "mainModule": "m1"}') as IDataObject,
];

async function probe(): Promise<INodeExecutionData[]> {
	const result = await runWorkflow({
		workflow: itemsThen({ type: PROBE_TYPE, parameters: PARAMETERS as never }, ITEMS),
		nodeTypes: { [PROBE_TYPE]: new ParameterProbe() },
	});
	if (result.error) throw result.error;
	return result.output(NODE_UNDER_TEST);
}

describe('item parameters', () => {
	it('read exactly what n8n would give, for every form of mapping and every kind of value', async () => {
		const output = await probe();
		expect(output).toHaveLength(ITEMS.length);
		for (const item of output) {
			for (const name of Object.keys(PARAMETERS)) {
				const { helper, n8n } = item.json[name] as unknown as { helper: unknown; n8n: unknown };
				expect({ name, value: helper }).toEqual({ name, value: n8n });
			}
		}
		expect((output[0].json.dot as IDataObject).helper).toBe('c1');
		expect((output[0].json.bracket as IDataObject).helper).toBe('c 2');
		expect((output[1].json.dot as IDataObject).helper).toBe('  spaced  ');
		expect((output[0].json.locatorUrl as IDataObject).helper).toBe('abc123');
		expect((output[0].json.inherited as IDataObject).helper).toEqual({ threw: 'Expression contains invalid constructor function call' });
		const unsafe = output[ITEMS.length - 1].json;
		for (const name of ['inherited', 'mainModule']) expect((unsafe[name] as IDataObject).helper).toEqual({ threw: expect.stringMatching(/constructor|security/) });
	});

	it("take a field mapped whole from the item without n8n's expression engine when it holds text, and leave everything else to n8n", async () => {
		const output = await probe();
		const askedN8n = (itemIndex: number, name: string) => (output[itemIndex].json[name] as IDataObject).helperAskedN8n;
		for (const name of ['dot', 'dotTight', 'bracket', 'single', 'locatorId']) {
			expect({ name, askedN8n: askedN8n(0, name) }).toEqual({ name, askedN8n: false });
		}
		for (const name of ['nested', 'template', 'computed', 'inherited', 'proto', 'mainModule', 'plain', 'locatorUrl']) {
			expect({ name, askedN8n: askedN8n(0, name) }).toEqual({ name, askedN8n: true });
		}
		// A number, null, a missing field or an object: n8n decides what they become.
		for (const itemIndex of [2, 3, 4, 5]) expect(askedN8n(itemIndex, 'dot')).toBe(true);
	});
});
