/** The connection flags that invoke, start and preview share, and their help (src/runtime/connection.ts reads them). */
import { Option, type Command } from 'commander';

export const SIGN_IN_HELP =
  '\nSign-in: a connection string, or a Microsoft Entra ID application (--endpoint, --tenant-id, --client-id, --client-secret,\n' +
  "each defaulting to the Azure SDKs' variables). Tokens come from $AZURE_AUTHORITY_HOST, else the connector's login URI.\n";

export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--connection-string <cs|@file|->',
      'the ACS connection string, @ and a file that holds it, or - to read it from standard input ' +
        '(inline it is visible to other local users; default: $COMMUNICATION_CONNECTION_STRING, else an embedded emulator)',
    )
    .option('--endpoint <url>', 'Microsoft Entra ID sign-in: the resource endpoint (default: $COMMUNICATION_ENDPOINT)')
    .option('--tenant-id <id>', "Microsoft Entra ID sign-in: the application's tenant ID (default: $AZURE_TENANT_ID)")
    .option('--client-id <id>', "Microsoft Entra ID sign-in: the application's client ID (default: $AZURE_CLIENT_ID)")
    .option(
      '--client-secret <secret|@file|->',
      'Microsoft Entra ID sign-in: the client secret, @ and a file, or - for standard input (default: $AZURE_CLIENT_SECRET)',
    )
    .option(
      '--connection-file <file>',
      'a JSON file with {"connectionString"} or {"endpoint","tenantId","clientId","clientSecret"}',
    )
    .addOption(
      new Option(
        '--sign-in <kind>',
        'which sign-in kind the embedded emulator (or an environment with both) uses',
      ).choices(['connection-string', 'entra']),
    );
}
