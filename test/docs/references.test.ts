import { anchorsOf, danglingReferences, findingsOf, OLD_DESIGN_FILE, scannedFiles } from './references';

describe('references to files of the repository', () => {
  test('every file, section and folder named in the docs, the README and code comments exists', () => {
    expect(scannedFiles().length).toBeGreaterThan(300);
    expect(danglingReferences()).toEqual([]);
  });

  test('the checker finds what it must (so the test above can fail)', () => {
    const text = [
      `see ${OLD_DESIGN_FILE} section 4`,
      '[gone](docs/nowhere.md) and [section](docs/design.md#no-such-section) and [fine](docs/design.md#4-key-lifecycle)',
      '`functions/core/no-such-module.ts` next to `functions/core/scrub/` and `dist/Lambda/notifier.zip` (built)',
    ].join('\n');
    expect(findingsOf('README.md', text).map((f) => f.problem)).toEqual([
      'the design is docs/design.md; point at its section',
      'docs/nowhere.md does not exist',
      'docs/design.md has no section #no-such-section',
      'functions/core/no-such-module.ts does not exist',
    ]);
    // In code, only comments are references; a string is left to the code's own tests.
    expect(findingsOf('functions/x.ts', "// see functions/gone.ts\nconst s = 'functions/gone2.ts';").map((f) => f.reference)).toEqual(['functions/gone.ts']);
  });

  test('anchors follow GitHub: lower case, punctuation dropped, spaces as hyphens', () => {
    expect([...anchorsOf('## 4. Key lifecycle\n## Troubleshooting (errors users hit)\n```\n## not a heading\n```\n')]).toEqual([
      '4-key-lifecycle',
      'troubleshooting-errors-users-hit',
    ]);
  });
});
