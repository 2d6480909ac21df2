import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, resolve } from 'node:path';

/**
 * Finds a program the way a shell would: the first executable `name` in PATH order; on Windows
 * each PATHEXT extension in turn (so `pac.exe` before `pac.cmd`). The path is absolute, because
 * the program then runs in another working directory.
 */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const pathValue = env.PATH ?? env.Path ?? '';
  const names =
    process.platform === 'win32'
      ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD')
          .split(';')
          .filter(Boolean)
          .map((ext) => `${name}${ext.toLowerCase()}`)
      : [name];
  for (const folder of pathValue.split(delimiter).filter(Boolean)) {
    for (const candidate of names.map((file) => resolve(folder, file))) {
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
