// Integration tests (moto or the Python tools) that live next to the unit tests of their subject;
// every test under test/integration/ is one too. jest.config.js keeps them out of the unit project,
// and test/architecture/test-projects.test.ts fails when a test that starts the emulator is missing here.
module.exports = ['test/templates/cfn-lint.test.ts', 'test/templates/moto-stack.test.ts', 'test/policy/must-allow.test.ts'];
