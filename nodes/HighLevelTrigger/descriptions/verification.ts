import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_REPLAY_WINDOW_MINUTES, OTHER_MEANING_TIMESTAMP_TYPES } from '../helpers/freshness';

export const verificationProperties: INodeProperties[] = [
	{
		displayName: 'Signature Check',
		name: 'signatureCheck',
		type: 'options',
		options: [
			{
				name: 'Verify HighLevel Signature',
				value: 'verify',
				description: 'Refuse (401) every request without a valid X-GHL-Signature from HighLevel',
			},
			{
				name: 'Off (Testing Only)',
				value: 'off',
				description: 'Accept any request to this URL, signed or not',
			},
		],
		default: 'verify',
	},
	{
		displayName:
			'Signature checks are off: anyone who knows this URL can start this workflow with made-up events. Turn the check back on before the app sends real events.',
		name: 'signatureOffNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { signatureCheck: ['off'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept Legacy RSA Signature',
				name: 'acceptLegacySignature',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept deliveries signed only with the legacy X-WH-Signature (RSA), which HighLevel retired on July 1, 2026. A delivery with an X-GHL-Signature is always checked against the Ed25519 key.',
			},
			{
				displayName: 'Ed25519 Public Key',
				name: 'publicKey',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'e.g. -----BEGIN PUBLIC KEY----- MCowBQYDK2VwAyEA... -----END PUBLIC KEY-----',
				description:
					"Leave empty for HighLevel's published key. When HighLevel announces a new key, paste it here: the PEM, or the base64 line between its BEGIN and END lines.",
			},
			{
				displayName: 'Replay Window (Minutes)',
				name: 'replayWindowMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60 },
				default: DEFAULT_REPLAY_WINDOW_MINUTES,
				description: `A delivery whose timestamp is further than this from n8n's clock is refused (401), except for ${OTHER_MEANING_TIMESTAMP_TYPES.join(', ')}, whose timestamp HighLevel documents as the record's creation time. Accepted webhookIds are remembered for twice this long; a second delivery with one starts nothing.`,
			},
			{
				displayName: 'RSA Public Key (Legacy)',
				name: 'rsaPublicKey',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'e.g. -----BEGIN PUBLIC KEY----- MIICIjANBgkqhkiG9w0BAQEF... -----END PUBLIC KEY-----',
				description:
					"Used only with Accept Legacy RSA Signature. Leave empty for the key in HighLevel's Webhook Authentication guide.",
			},
		],
	},
];
