import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loginPage, seededAccounts } from '../../../local/local-oidc';

describe('the local OpenID provider’s accounts and page (local/local-oidc.ts)', () => {
  it('makes the passwords at the first start, keeps them (0600) across restarts, and replaces an unreadable file', () => {
    // Arrange
    const stateDir = mkdtempSync(join(tmpdir(), 'network-oidc-'));
    // Act
    const first = seededAccounts(stateDir);
    const again = seededAccounts(stateDir);
    writeFileSync(join(stateDir, 'admin-login.json'), 'not json');
    const replaced = seededAccounts(stateDir);
    // Assert
    expect(first.map((account) => account.groups)).toEqual([['secretariat'], ['check-in']]);
    expect(again.map((account) => account.password)).toEqual(first.map((account) => account.password));
    const file = join(stateDir, 'admin-login.json');
    expect(JSON.parse(readFileSync(join(stateDir, 'check-in-login.json'), 'utf8'))).toEqual({
      username: first[1]?.username,
      password: first[1]?.password,
    });
    expect(replaced[0]?.password).not.toBe(first[0]?.password);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      username: replaced[0]?.username,
      password: replaced[0]?.password,
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Without a state folder (tests): new passwords on every start.
    expect(seededAccounts()[0]?.password).not.toBe(seededAccounts()[0]?.password);
    expect(first[0]?.password.length).toBeGreaterThanOrEqual(16);
  });

  it('renders a Swedish, labelled form without script or style, escaping what the user typed', () => {
    const html = loginPage('u"1', { username: '"><script>alert(1)</script>', failed: true });
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('action="/interaction/u%221/login"');
    expect(html).not.toMatch(/<script|<style|style=/i);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('aria-describedby="fel"');
  });
});
