import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorModel } from '../../src/connector/index.ts';
import { startScriptHost } from '../../src/script-host/serve.ts';
import type { ScriptHost, ScriptRequest } from '../../src/script-host/protocol.ts';
import { CONNECTOR_SCRIPT } from '../../src/connector-folder/index.ts';

// script.csx refuses an operation it does not know and names the ones it does: read that list the way
// the platform meets it, from the script running in the host, and hold it to the model's operations.
const CONNECTION = {
  'Connection-String': 'endpoint=https://contoso.communication.azure.com/;accesskey=c2VjcmV0',
  'Content-Type': 'application/json',
};

function request(operationId: string): ScriptRequest {
  return {
    operationId,
    method: 'POST',
    url: 'https://placeholder.communication.azure.com/identities?api-version=2025-06-30',
    headers: CONNECTION,
    body: '{}',
  };
}

describe("script.csx's known operations", () => {
  let host: ScriptHost;
  beforeAll(async () => {
    host = await startScriptHost({ scriptPath: CONNECTOR_SCRIPT, loopbackSend: true });
  });
  afterAll(async () => {
    await host?.close();
  });

  it('are exactly the operations of the model', async () => {
    const answer = await host.execute(request('NoSuchOperation'));
    expect(answer.status).toBe(400);
    const error = (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('UnknownOperation');
    const listed = /Known operations: (.*)\.$/.exec(error.message)?.[1]?.split(', ');
    expect(listed?.sort()).toEqual(connectorModel.operations.map((op) => op.operationId).sort());
  });

  it.each(connectorModel.operations.map((op) => op.operationId))('include %s', async (operationId) => {
    const answer = await host.execute(request(operationId));
    expect(answer.body).not.toContain('UnknownOperation');
  });
});
