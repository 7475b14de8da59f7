// Shown when the local server cannot start: what happened, where the log is, and what to try.
const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function errorPageUrl(input: { title: string; reason: string; logFile: string; hint: string }): string {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(input.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:system-ui,sans-serif;margin:48px;color:#1b1f24;line-height:1.5}pre{background:#f5f6f8;padding:12px;border-radius:8px;white-space:pre-wrap}</style>
</head><body><h1>${escape(input.title)}</h1><pre>${escape(input.reason)}</pre><p>${escape(input.hint)}</p><p><code>${escape(input.logFile)}</code></p></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
