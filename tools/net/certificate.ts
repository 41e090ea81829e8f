/**
 * A certificate authority and a server certificate for 127.0.0.1 and localhost, made with openssl at
 * start-up (ECDSA P-256, a day long), so the sandbox can speak HTTPS and n8n can trust it the way it
 * trusts HighLevel's: through NODE_EXTRA_CA_CERTS, the CA's file. Nothing is kept after the process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ServerCertificate {
	key: string;
	cert: string;
	/** The CA's certificate file: give it to a client as NODE_EXTRA_CA_CERTS. */
	caFile: string;
}

let made: ServerCertificate | undefined;

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The same certificate for every server of this process. */
export function serverCertificate(): ServerCertificate {
	if (made) return made;
	const dir = mkdtempSync(path.join(tmpdir(), 'hl-sandbox-tls-'));
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=HighLevel sandbox test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'], dir);
	openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
	writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
	openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'server.ext'], dir);
	made = {
		key: readFileSync(path.join(dir, 'server.key'), 'utf8'),
		cert: readFileSync(path.join(dir, 'server.pem'), 'utf8'),
		caFile: path.join(dir, 'ca.pem'),
	};
	return made;
}
