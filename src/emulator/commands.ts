import type { Command } from 'commander';

export function registerEmulatorCommands(_program: Command, _bench: Command): void {
  // Commands of this area are added as it is built.
}
