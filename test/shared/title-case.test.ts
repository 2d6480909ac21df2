import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorModel, parseModel } from '../../src/connector/index.ts';
import { isTitleCase, looksTitleCased, titleCaseOffender } from '../../src/shared/title-case.ts';
import { validateConnectorFolder } from '../../src/validate/index.ts';
import { ConnectorCopy, firstOperation, MINIMAL_FIXTURE } from '../validate/helpers.ts';

/** Labels certified connectors use, which the model once refused and the validator accepted. */
const CERTIFIED_LABELS = ['Token from User', 'iOS Device ID', 'Read-only Token'];

describe('Title Case', () => {
  it.each([
    ...CERTIFIED_LABELS,
    'Token Scopes',
    'User ID',
    'Expires in Minutes',
    'Title of the Task',
    'API Version',
    'Calling (VoIP)',
    'Token Lifetime (Minutes)',
    'Chat: Join Only, Limited',
    'Time to Live',
    'Über Token',
    '2nd Factor',
  ])('"%s" is Title Case', (label) => {
    expect(titleCaseOffender(label)).toBeUndefined();
    expect(isTitleCase(label)).toBe(true);
  });

  it.each([
    ['Token scopes', 'scopes'],
    ['user ID', 'user'],
    ['Number of items', 'items'],
    ['User id of the caller', 'id'],
    ['The user', 'user'],
    ['the User', 'the'],
    ['Token from user', 'user'],
    ['Read-only token', 'token'],
    ['Device id (iOS)', 'id'],
  ])('"%s" is not Title Case ("%s")', (label, word) => {
    expect(titleCaseOffender(label)).toBe(word);
    expect(isTitleCase(label)).toBe(false);
  });

  it.each([' User ID', 'User ID ', '', '   '])('%j is not a label', (label) => expect(isTitleCase(label)).toBe(false));

  it('tells Title Case summaries from sentence case', () => {
    expect(looksTitleCased('Issue A User Access Token')).toBe(true);
    expect(looksTitleCased('Issue a user access token')).toBe(false);
    expect(looksTitleCased('Send a Microsoft Teams message')).toBe(false);
    expect(looksTitleCased('Create a User')).toBe(false);
  });
});

describe('the model follows the same definition', () => {
  const withTitle = (title: string) => {
    const model = structuredClone(connectorModel);
    model.parameters.IdentityId!.title = title;
    return model;
  };

  it.each(CERTIFIED_LABELS)('accepts "%s" as a parameter title', (title) => {
    expect(() => parseModel(withTitle(title))).not.toThrow();
  });

  it.each(['Token from user', 'Read-only token', 'identity ID'])('refuses "%s" as a parameter title', (title) => {
    expect(() => parseModel(withTitle(title))).toThrow(/parameters\.IdentityId\.title: must be Title Case/);
  });
});

describe('the validator follows the same definition (S11)', () => {
  const labels = [...CERTIFIED_LABELS, 'Token from user', 'Read-only token'];
  let copy: ConnectorCopy;
  beforeAll(async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.editJson('apiDefinition.swagger.json', (definition) => {
      const { operation } = firstOperation(definition);
      operation.parameters ??= [];
      labels.forEach((label, index) =>
        operation.parameters.push({
          name: `p${index}`,
          in: 'query',
          type: 'string',
          required: false,
          description: 'A value.',
          'x-ms-summary': label,
        }),
      );
    });
  });
  afterAll(() => copy.dispose());

  it('accepts the certified labels and refuses the same words left lowercase', async () => {
    const findings = await validateConnectorFolder(copy.dir);
    const refused = findings.filter((finding) => finding.ruleId === 'S11').map((finding) => finding.message);
    expect(refused).toEqual([
      expect.stringContaining('"Token from user"'),
      expect.stringContaining('"Read-only token"'),
    ]);
  });
});
