import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, MAX_CONNECTOR_FILE_BYTES, type ConnectorFileKey } from '../../../connector-folder/index.ts';
import { formatBytes } from '../../../shared/read-file.ts';

function refusedFiles(context: ValidationContext): Violation[] {
  return (Object.entries(context.refused) as Array<[ConnectorFileKey, string]>).map(([key, why]) => ({
    file: CONNECTOR_FILES[key],
    location: '/',
    message: `${CONNECTOR_FILES[key]} ${why}.`,
    hint: `Put the file itself (a regular file of at most ${formatBytes(MAX_CONNECTOR_FILE_BYTES)}) in ${context.dir}.`,
  }));
}

export default defineRule({
  id: 'FILE2',
  severity: 'error',
  file: 'connector folder',
  description:
    'Each connector file is a regular file inside the folder (no link out of it, no FIFO or device) of at most 4 MiB; others are not read.',
  evidence: 'paconn uploads the files themselves; flags 0 of 618 certified connectors',
  notes:
    'Power Platform gets the files themselves; a link out of the folder could echo another file, an endless file would never finish.',
  check: refusedFiles,
});
