import { openTokenVault } from './token-vault';

// The setup fails a test whose pass the vault did not confirm (an overloaded machine), rather than
// let jest report a pass the grader holds no token for: that would read as tampering.

test('a planned test’s pass is confirmed by the vault thread', () => {
  const vault = openTokenVault(['a', 'b'], undefined);
  expect(vault.pass('a')).toBe(true);
  expect(vault.pass('b')).toBe(true);
});

test('an id the plan does not hold is never confirmed', () => {
  const vault = openTokenVault(['a'], undefined);
  expect(vault.pass('not-planned')).toBe(false);
  expect(vault.pass('a')).toBe(true);
});
