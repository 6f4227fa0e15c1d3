/**
 * Extra rules for the device verification pages (/setup/connect), appended to the shared
 * page stylesheet: the user code is shown and typed in a large monospaced face, so a person
 * can compare it letter by letter with the one on the device.
 */
export const DEVICE_CSS = `
/* Device verification (/setup/connect). */
.gh-code-input {
  height: 56px;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 24px;
  letter-spacing: 0.18em;
  text-align: center;
  text-transform: uppercase;
}
.gh-code-input::placeholder { color: #b0b0b0; letter-spacing: 0.18em; }
.gh-code {
  display: block;
  margin: 0 0 18px;
  padding: 12px;
  border: 1px dashed #9fb5d6;
  border-radius: 6px;
  background: var(--gh-blue-soft);
  color: var(--gh-ink);
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 26px;
  font-weight: 600;
  letter-spacing: 0.22em;
  text-align: center;
}
.gh-ok-icon {
  display: flex;
  align-items: center;
  justify-content: center;
  width: 44px;
  height: 44px;
  margin-bottom: 14px;
  border-radius: 50%;
  background: #ebf7e6;
  color: #2e844a;
}
.gh-ok-icon svg { width: 22px; height: 22px; }
.gh-form-actions { margin: 18px 0 16px; }
.gh-form-actions .gh-button { width: 100%; }
`
