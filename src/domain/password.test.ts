import { describe, expect, it } from 'vitest';
import { checkPassword } from './password.js';

describe('password policy', () => {
  it.each([
    ['eleven char', 'too_short'],
    ['twelve chars', null],
    ['كلمة مرور طويلة', null],
    ['x'.repeat(257), 'too_long'],
  ])('%s → %s', (password, problem) => {
    expect(checkPassword(password)).toBe(problem);
  });
});
