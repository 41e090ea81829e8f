import type { INodeProperties } from 'n8n-workflow';

const DOCS_URL = 'https://github.com/n8n-nodes-highlevel/n8n-nodes-highlevel/blob/main/docs/trigger.md';

export const setupNotices: INodeProperties[] = [
	{
		displayName: `HighLevel sends all of a marketplace app's events to one webhook URL, which you paste in by hand (HighLevel has no API for it): copy the Production URL above into the app's Webhook URL in HighLevel's Marketplace developer portal, and turn on the events there. So one active workflow per app receives its events; route from it to others with a Switch or an Execute Workflow node. <a href="${DOCS_URL}" target="_blank">Set-up guide</a>`,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: `"Listen for test event" works only with the Test URL in the app's settings, and the app has just one URL: while it points there, production events go to the test URL and are lost once listening stops. To build the workflow, pin one of HighLevel's example events as this node's output instead (<a href="${DOCS_URL}#building-the-workflow" target="_blank">how</a>).`,
		name: 'testEventNotice',
		type: 'notice',
		default: '',
	},
];
