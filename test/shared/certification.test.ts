import { describe, expect, it } from 'vitest';
import { connectorModel, parseModel, type ConnectorModel } from '../../src/connector/index.ts';
import { validateConnectorFolder } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE } from '../validate/helpers.ts';

/** Facts from src/shared/certification.ts that the model once wrote in its own, narrower way. */
describe('the model applies the shared certification facts as the validator does', () => {
  const refuses = (mutate: (model: ConnectorModel) => void, expected: RegExp) => {
    const model = structuredClone(connectorModel);
    mutate(model);
    expect(() => parseModel(model)).toThrow(expected);
  };

  it('refuses a product name written without its space in the title', () => {
    refuses((m) => {
      m.info.title = 'PowerApps Identities';
    }, /info\.title: must not contain/);
  });
  it('refuses the reserved parameter name in any case', () => {
    refuses((m) => {
      m.parameters.IdentityId!.name = 'ConnectionID';
    }, /reserves the parameter name "connectionId"/);
  });
  it('refuses the refused brand colours in any case', () => {
    refuses((m) => {
      m.brandColor = '#007EE5';
    }, /#ffffff and #007ee5 are refused/);
  });

  it('the validator refuses the same brand colour and category', async () => {
    const copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    try {
      await copy.editJson('apiProperties.json', (properties) => {
        properties.properties.iconBrandColor = '#007EE5';
      });
      await copy.editJson('apiDefinition.swagger.json', (definition) => {
        const categories = definition['x-ms-connector-metadata'].find(
          (entry: { propertyName: string }) => entry.propertyName === 'Categories',
        );
        categories.propertyValue = 'Communication;Telephony';
      });
      const findings = await validateConnectorFolder(copy.dir);
      expect(findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'P2',
            message: expect.stringContaining('the default custom-connector blue'),
          }),
          expect.objectContaining({ ruleId: 'S5', message: '"Telephony" is not a published connector category.' }),
        ]),
      );
    } finally {
      await copy.dispose();
    }
  });
});
