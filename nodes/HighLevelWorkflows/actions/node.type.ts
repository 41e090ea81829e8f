/** Every resource of the node and its operations, by the values stored in a workflow. */
type NodeMap = {
	contact: 'addToWorkflow' | 'removeFromWorkflow';
	workflow: 'getAll';
};

export type HighLevelWorkflowsResource = keyof NodeMap;

export type HighLevelWorkflowsOperation<R extends HighLevelWorkflowsResource = HighLevelWorkflowsResource> = NodeMap[R];
