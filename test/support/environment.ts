/** Child processes of CLI tests see no credentials of the machine they run on. */
export const NO_CREDENTIALS = {
  COMMUNICATION_CONNECTION_STRING: undefined,
  COMMUNICATION_ENDPOINT: undefined,
  AZURE_TENANT_ID: undefined,
  AZURE_CLIENT_ID: undefined,
  AZURE_CLIENT_SECRET: undefined,
  AZURE_AUTHORITY_HOST: undefined,
};
