// The layers of src/, held by dependency-cruiser (`npm run lint`). From the bottom:
//   src/shared       facts, limits and helpers everyone uses; imports nothing else of src/
//   feature modules  connector, connector-folder, package, validate, diff, script-host, runtime,
//                    emulator, deploy; each may use the ones it builds on, never cli or bench
//   src/orchestration invoke and start: the runtime against a connection or an embedded
//                    emulator, after building and validating the package
//   src/bench        runs the features' benchmarks as a user would
//   src/cli          the one command line; only bin/ and tests import it
// The runtime sees only what Power Platform gets (the connector folder): never the emulator, the
// model (src/connector) or the validator. The validator judges any folder, so it never imports the
// model either. No cycles anywhere.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved alone.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-is-the-bottom',
      severity: 'error',
      comment: 'src/shared holds what every layer uses; it cannot depend on any of them.',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'src/cli is the top: it wires the features together; shared parsers belong in src/shared.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'features-do-not-import-bench',
      severity: 'error',
      comment: 'src/bench runs the features; a helper they need belongs in src/shared.',
      from: { path: '^src/', pathNot: '^src/(bench|cli)/' },
      to: { path: '^src/bench/' },
    },
    {
      name: 'runtime-sees-only-the-folder',
      severity: 'error',
      comment:
        'The runtime works from the files Power Platform gets; the emulator, the model, the package and the validator belong to src/orchestration, above it.',
      from: { path: '^src/runtime/' },
      to: { path: '^src/(emulator|connector|validate|package|orchestration)/' },
    },
    {
      name: 'validator-judges-any-folder',
      severity: 'error',
      comment: 'The validator reads a folder as Power Platform would; our own model must not shape its verdicts.',
      from: { path: '^src/validate/' },
      to: { path: '^src/(connector|package|emulator|runtime|deploy|diff)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.build|\\.cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
