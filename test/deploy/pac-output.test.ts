import { describe, expect, it } from 'vitest';
import {
  connectorIdFromPacOutput,
  pacErrorText,
  pacFailureHint,
  servicePrincipalFromEnv,
} from '../../src/deploy/pac.ts';
import { UserError } from '../../src/shared/errors.ts';

const update = { action: 'update' as const, usedPrincipal: true, printedUsage: false };

describe("reading pac's answers", () => {
  it('takes the GUID from `Connector created with ID <guid>` and nothing else', () => {
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    expect(connectorIdFromPacOutput(`Connected as app\nConnector created with ID ${id}\n`)).toBe(id);
    expect(connectorIdFromPacOutput('Connector updated succesfully.\n')).toBeUndefined();
    expect(connectorIdFromPacOutput('Connector created with ID shared_acs-5f01')).toBeUndefined();
  });

  it('takes the Error: line with the indented inner errors under it, not the Usage block', () => {
    const stderr = [
      'Error: Failed to connect to Dataverse',
      '    Failed to connect to Dataverse',
      '        AADSTS7000215: Invalid client secret provided.',
      '',
      'Usage: pac connector create [--api-definition-file]',
      '  --api-definition-file   The filename',
    ].join('\n');
    expect(pacErrorText('Microsoft PowerPlatform CLI\n', stderr)).toBe(
      'Error: Failed to connect to Dataverse Failed to connect to Dataverse AADSTS7000215: Invalid client secret provided.',
    );
    expect(pacErrorText('first\nlast line\n', '')).toBe('last line');
    expect(pacErrorText('', '')).toBe('(pac printed nothing)');
  });

  it('hints at the likely cause of the failures admins meet', () => {
    expect(pacFailureHint('Error: AADSTS7000215: Invalid client secret provided.', update)).toContain("secret's value");
    expect(pacFailureHint('Error: AADSTS700016: Application not found in the directory', update)).toContain(
      'AZURE_CLIENT_ID',
    );
    expect(pacFailureHint('Error: InvalidScriptDefinitionUrlWithNonNullOperations', update)).toContain(
      'scriptOperations',
    );
    expect(pacFailureHint('Error: Connector 3f2504e0-4f89-41d3-9a0c-0305e82c3301 was not found.', update)).toContain(
      'pac connector list',
    );
    expect(pacFailureHint('Error: The user is not a member of the organization.', update)).toContain(
      'application user',
    );
    expect(pacFailureHint('Error: something new', { ...update, printedUsage: true })).toContain('pac --version');
    expect(pacFailureHint('Error: something new', update)).toBeUndefined();
    // A GUID that happens to contain 403 is not a refusal.
    expect(pacFailureHint('Error: Connector 4031aaaa-0000-4000-8000-000000000000 is locked.', update)).toBeUndefined();
  });

  it('points at the sign-in choices when there is no profile and no service principal', () => {
    const hint = pacFailureHint("Error: No profiles were found on this computer. Please run 'pac auth create'.", {
      ...update,
      usedPrincipal: false,
    });
    expect(hint).toContain('AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET');
    expect(hint).toContain('pac auth create');
  });
});

describe('the service principal of AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET', () => {
  const client = '0b7c6f1e-2d3a-4c5b-8e9f-a0b1c2d3e4f5';

  it('is absent when none is set or all are empty', () => {
    expect(servicePrincipalFromEnv({})).toBeUndefined();
    expect(
      servicePrincipalFromEnv({ AZURE_TENANT_ID: ' ', AZURE_CLIENT_ID: '', AZURE_CLIENT_SECRET: '' }),
    ).toBeUndefined();
  });

  it('accepts a tenant domain as well as a GUID, and refuses a client id that is not a GUID', () => {
    expect(
      servicePrincipalFromEnv({
        AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
        AZURE_CLIENT_ID: client,
        AZURE_CLIENT_SECRET: 's',
      }),
    ).toEqual({ tenantId: 'contoso.onmicrosoft.com', clientId: client, clientSecret: 's' });
    const error = (() => {
      try {
        servicePrincipalFromEnv({
          AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
          AZURE_CLIENT_ID: 'my-app',
          AZURE_CLIENT_SECRET: 's3cr3t',
        });
      } catch (caught) {
        return caught as UserError;
      }
    })();
    expect(error?.message).toBe('AZURE_CLIENT_ID "my-app" is not an application (client) id.');
    expect(error?.message).not.toContain('s3cr3t');
    expect(error?.exitCode).toBe(2);
  });

  it('names every missing variable', () => {
    expect(() => servicePrincipalFromEnv({ AZURE_CLIENT_ID: client })).toThrow(
      'AZURE_TENANT_ID and AZURE_CLIENT_SECRET are not set, but the other service-principal variables are.',
    );
  });
});
