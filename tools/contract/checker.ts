import { OpenAPIBackend, type Operation } from 'openapi-backend';

import type { RecordedRequest } from '../sandbox/types';
import { excluded, nullForString } from './exclusions';
import { dereferenceFile } from './dereference';
import { specFiles } from './specs';

/** What is wrong with one exchange, in words a test failure can show. */
export interface ContractProblem {
	exchange: string;
	problem: string;
}

export interface CheckOptions {
	/**
	 * The test sends wrong requests on purpose (a bad Version, a foreign location): an exchange
	 * HighLevel refuses (4xx) then needs only its method and path to match an operation.
	 */
	refusalsExpected?: boolean;
}

export interface ContractChecker {
	check(exchanges: readonly RecordedRequest[], options?: CheckOptions): ContractProblem[];
}

const describe = ({ method, path, status }: RecordedRequest) => `${method} ${path} → ${status}`;

const errorsText = (errors: { instancePath?: string; message?: string }[] | null | undefined) =>
	(errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim()).join('; ');

async function loadApi(file: string): Promise<OpenAPIBackend> {
	// quick: HighLevel's specs are not ours to lint, and only the operations the tests use get their
	// validators compiled (lazily); strict: a spec that does not load throws instead of warning.
	const api = new OpenAPIBackend({ definition: dereferenceFile(file) as never, quick: true, strict: true, ignoreTrailingSlashes: false, ajvOpts: { strict: false } });
	await api.init();
	return api;
}

const isForm = (exchange: RecordedRequest) => String(exchange.headers['content-type'] ?? '').includes('form-urlencoded');

function checkOne(apis: OpenAPIBackend[], exchange: RecordedRequest, options: CheckOptions): string[] {
	if (excluded(exchange, 'exchange')) return [];
	const request = {
		method: exchange.method,
		path: exchange.path,
		query: exchange.query,
		headers: exchange.headers as Record<string, string | string[]>,
		body: isForm(exchange) && typeof exchange.body === 'string' ? Object.fromEntries(new URLSearchParams(exchange.body)) : exchange.body,
	};
	for (const api of apis) {
		const operation: Operation | undefined = api.matchOperation(request);
		if (!operation) continue;
		const problems: string[] = [];
		if (options.refusalsExpected && exchange.status >= 400 && exchange.status < 500) return problems;
		const valid = api.validateRequest(request, operation);
		if (!valid.valid) problems.push(`request breaks ${operation.operationId}: ${errorsText(valid.errors)}`);
		const documented = operation.responses?.[String(exchange.status)] !== undefined;
		if (documented && !excluded(exchange, 'answer')) {
			const answer = api.validateResponse(exchange.answer, operation, exchange.status);
			answer.errors = answer.errors?.filter((error) => !nullForString(exchange.answer, error));
			if (answer.errors?.length) problems.push(`answer breaks ${operation.operationId} ${exchange.status}: ${errorsText(answer.errors)}`);
		}
		return problems;
	}
	return ['no operation in HighLevel’s OpenAPI specs has this method and path'];
}

let loading: Promise<ContractChecker> | undefined;

/** Loads the specs once per process (a jest worker loads them once per test file). */
export function loadContract(): Promise<ContractChecker> {
	loading ??= Promise.all(specFiles().map(loadApi)).then((apis) => ({
		check: (exchanges, options = {}) => exchanges.flatMap((exchange) => checkOne(apis, exchange, options).map((problem) => ({ exchange: describe(exchange), problem }))),
	}));
	return loading;
}

export function contractReport(problems: readonly ContractProblem[]): string {
	return `${problems.length} exchange(s) break HighLevel's OpenAPI contract:\n${problems.map((each) => `  ${each.exchange}: ${each.problem}`).join('\n')}`;
}
