import { chromiumMismatch, expectedChromium, majorOf } from './chromium-version';

describe('Chromium and Playwright majors', () => {
  it('reads the major of `chromium --version` and of a bare version', () => {
    expect(majorOf('Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)\n')).toBe(156);
    expect(majorOf('156.0.8078.4')).toBe(156);
    expect(() => majorOf('chromium: command not found')).toThrow(/no Chromium version/);
  });

  it('reads the chromium entry of browsers.json', () => {
    const json = JSON.stringify({
      browsers: [
        { name: 'chromium-headless-shell', browserVersion: '1.0.0' },
        { name: 'chromium', browserVersion: '156.0.8078.4' },
      ],
    });
    expect(expectedChromium(json)).toBe('156.0.8078.4');
  });

  it('accepts equal majors whatever the build numbers', () => {
    expect(chromiumMismatch('Chromium 156.0.8078.114 built on Debian', '156.0.8078.4')).toBeUndefined();
  });

  it('names both remedies when the majors differ', () => {
    expect(chromiumMismatch('Chromium 157.0.1.2 built on Debian', '156.0.8078.4')).toBe(
      'Chromium 157 is installed but Playwright expects Chromium 156: ' +
        'bump @playwright/test to the release built for Chromium 157, or install chromium 156',
    );
  });
});
