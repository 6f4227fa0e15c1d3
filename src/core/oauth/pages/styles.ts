import { DEVICE_CSS } from './device-styles'

/**
 * The stylesheet of the login, consent and error pages, served from our own origin
 * (/services/oauth2/assets/login.css) so the pages load nothing from anywhere else. System
 * fonts only: the pages must look right offline.
 */
export const LOGIN_CSS =
  `
:root {
  --gh-blue: #0b5cab;
  --gh-blue-hover: #014486;
  --gh-blue-soft: #eef4ff;
  --gh-ink: #181818;
  --gh-text: #3e3e3c;
  --gh-muted: #5c5c5c;
  --gh-line: #d8dde6;
  --gh-field: #c9c9c9;
  --gh-bg: #f3f3f3;
  --gh-card: #ffffff;
  --gh-error: #ba0517;
  --gh-error-soft: #fef1ee;
  --gh-focus: 0 0 0 3px rgba(1, 118, 211, 0.35);
  --gh-radius: 8px;
  color-scheme: light;
}

*, *::before, *::after { box-sizing: border-box; }

html { -webkit-text-size-adjust: 100%; }

body {
  margin: 0;
  min-height: 100vh;
  background:
    radial-gradient(1200px 420px at 50% -160px, #dbe8fb 0%, rgba(219, 232, 251, 0) 70%),
    var(--gh-bg);
  color: var(--gh-text);
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 14px;
  line-height: 1.5;
}

.gh-shell {
  display: flex;
  flex-direction: column;
  align-items: center;
  min-height: 100vh;
  padding: 56px 16px 32px;
}

.gh-brand {
  display: flex;
  align-items: center;
  gap: 10px;
  margin-bottom: 24px;
  color: var(--gh-ink);
}
.gh-brand svg { width: 40px; height: 40px; flex: none; }
.gh-brand-name { font-size: 24px; font-weight: 700; letter-spacing: -0.01em; }
.gh-brand-tag {
  margin-left: 2px;
  padding: 2px 8px;
  border: 1px solid #b0c4df;
  border-radius: 999px;
  background: var(--gh-blue-soft);
  color: var(--gh-blue);
  font-size: 11px;
  font-weight: 600;
  letter-spacing: 0.04em;
  text-transform: uppercase;
}

.gh-card {
  width: 100%;
  max-width: 400px;
  padding: 28px 28px 24px;
  background: var(--gh-card);
  border: 1px solid var(--gh-line);
  border-radius: var(--gh-radius);
  box-shadow: 0 2px 4px rgba(24, 24, 24, 0.04), 0 12px 32px rgba(24, 24, 24, 0.08);
}
.gh-card-wide { max-width: 440px; }

.gh-title {
  margin: 0 0 4px;
  color: var(--gh-ink);
  font-size: 20px;
  font-weight: 600;
  line-height: 1.3;
}
.gh-subtitle { margin: 0 0 20px; color: var(--gh-muted); }
.gh-subtitle strong { color: var(--gh-ink); font-weight: 600; }

.gh-field { margin-bottom: 16px; }
.gh-label {
  display: block;
  margin-bottom: 6px;
  color: var(--gh-text);
  font-size: 13px;
  font-weight: 600;
}
.gh-input {
  display: block;
  width: 100%;
  height: 44px;
  padding: 0 12px;
  border: 1px solid var(--gh-field);
  border-radius: 6px;
  background: #fff;
  color: var(--gh-ink);
  font: inherit;
  font-size: 15px;
  transition: border-color 0.12s, box-shadow 0.12s;
}
.gh-input:hover { border-color: #939393; }
.gh-input:focus { outline: none; border-color: #1b96ff; box-shadow: var(--gh-focus); }

.gh-button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 100%;
  height: 44px;
  padding: 0 16px;
  border: 1px solid var(--gh-blue);
  border-radius: 6px;
  background: var(--gh-blue);
  color: #fff;
  font: inherit;
  font-size: 15px;
  font-weight: 600;
  cursor: pointer;
  transition: background-color 0.12s, border-color 0.12s;
}
.gh-button:hover { background: var(--gh-blue-hover); border-color: var(--gh-blue-hover); }
.gh-button:focus-visible { outline: none; box-shadow: var(--gh-focus); }
.gh-button-secondary { background: #fff; color: var(--gh-blue); border-color: var(--gh-field); }
.gh-button-secondary:hover { background: #f3f6fb; border-color: #939393; color: var(--gh-blue-hover); }

.gh-alert {
  display: flex;
  gap: 10px;
  margin: 0 0 18px;
  padding: 12px 14px;
  border: 1px solid #f4b5ac;
  border-left: 4px solid var(--gh-error);
  border-radius: 6px;
  background: var(--gh-error-soft);
  color: #8c0410;
  font-size: 13px;
}
.gh-alert svg { width: 18px; height: 18px; flex: none; margin-top: 1px; }

.gh-hint {
  margin: 16px 0 0;
  color: var(--gh-muted);
  font-size: 12px;
  text-align: center;
}

.gh-app {
  display: flex;
  align-items: center;
  gap: 14px;
  margin-bottom: 20px;
}
.gh-app-icon {
  display: flex;
  align-items: center;
  justify-content: center;
  width: 48px;
  height: 48px;
  flex: none;
  border-radius: 10px;
  background: linear-gradient(135deg, #1b96ff, #0b5cab);
  color: #fff;
  font-size: 22px;
  font-weight: 700;
}
.gh-app-name { margin: 0; color: var(--gh-ink); font-size: 18px; font-weight: 600; line-height: 1.3; }
.gh-app-sub { margin: 2px 0 0; color: var(--gh-muted); font-size: 13px; }

.gh-section-label { margin: 0 0 8px; color: var(--gh-ink); font-weight: 600; }
.gh-scopes {
  margin: 0 0 20px;
  padding: 4px 14px;
  list-style: none;
  border: 1px solid var(--gh-line);
  border-radius: 6px;
  background: #fafbfc;
}
.gh-scopes li {
  display: flex;
  align-items: flex-start;
  gap: 10px;
  padding: 9px 0;
  color: var(--gh-ink);
}
.gh-scopes li + li { border-top: 1px solid #eceef2; }
.gh-scopes svg { width: 16px; height: 16px; flex: none; margin-top: 2px; color: #2e844a; }

.gh-user {
  display: flex;
  align-items: center;
  gap: 10px;
  margin: 0 0 20px;
  padding: 10px 12px;
  border-radius: 6px;
  background: var(--gh-blue-soft);
  color: var(--gh-text);
  font-size: 13px;
}
.gh-avatar {
  display: flex;
  align-items: center;
  justify-content: center;
  width: 28px;
  height: 28px;
  flex: none;
  border-radius: 50%;
  background: var(--gh-blue);
  color: #fff;
  font-size: 12px;
  font-weight: 700;
}
.gh-user strong { color: var(--gh-ink); font-weight: 600; }

.gh-actions { display: flex; gap: 12px; }
.gh-actions .gh-button { flex: 1; }

.gh-note { margin: 16px 0 0; color: var(--gh-muted); font-size: 12px; }

.gh-error-icon {
  display: flex;
  align-items: center;
  justify-content: center;
  width: 44px;
  height: 44px;
  margin-bottom: 14px;
  border-radius: 50%;
  background: var(--gh-error-soft);
  color: var(--gh-error);
}
.gh-error-icon svg { width: 22px; height: 22px; }
.gh-details {
  margin: 16px 0;
  padding: 12px 14px;
  border: 1px solid var(--gh-line);
  border-radius: 6px;
  background: #fafbfc;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 12px;
  overflow-wrap: anywhere;
}
.gh-details dt { color: var(--gh-muted); }
.gh-details dd { margin: 0 0 6px; color: var(--gh-ink); }
.gh-details dd:last-child { margin-bottom: 0; }

.gh-footer {
  margin-top: 24px;
  max-width: 440px;
  color: var(--gh-muted);
  font-size: 12px;
  text-align: center;
}
.gh-footer strong { color: var(--gh-text); font-weight: 600; }

/* display=popup: a small window opened by the app; no room for the page chrome. */
.gh-display-popup .gh-shell { padding-top: 20px; }
.gh-display-popup .gh-brand { margin-bottom: 14px; }
.gh-display-popup .gh-brand-tag { display: none; }

/* display=touch / mobile: phones and tablets; bigger targets, the card fills the screen. */
.gh-display-touch .gh-input, .gh-display-mobile .gh-input,
.gh-display-touch .gh-button, .gh-display-mobile .gh-button { height: 52px; font-size: 17px; }
.gh-display-touch .gh-card, .gh-display-mobile .gh-card { max-width: 480px; }

@media (max-width: 520px) {
  .gh-shell { padding: 28px 0 20px; }
  .gh-brand { margin-bottom: 18px; }
  .gh-card {
    max-width: none;
    padding: 24px 20px 20px;
    border-left: 0;
    border-right: 0;
    border-radius: 0;
    box-shadow: none;
  }
  .gh-footer { padding: 0 20px; }
  .gh-actions { flex-direction: column-reverse; }
  .gh-actions .gh-button { flex: none; }
}
` + DEVICE_CSS
