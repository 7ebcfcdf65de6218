// The dashboard's HTML and CSS: a static shell with no secret and no data in it (the script
// fetches the state once logged in), no inline script or style, so the page's
// Content-Security-Policy can forbid both.

export const DASHBOARD_PATHS = Object.freeze({
  page: '/dashboard',
  script: '/dashboard/app.js',
  style: '/dashboard/app.css',
  login: '/dashboard/login',
  logout: '/dashboard/logout',
  state: '/dashboard/api/state',
});

/** Scripts and styles from this origin only, nothing inline, never inside a frame. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const DASHBOARD_CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:80rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;width:100%}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.on{color:#070}.off{color:#a00}.muted{color:#777}
.tag{display:inline-block;background:#eef;border-radius:3px;padding:0 .3rem;margin-right:.2rem}
#login-error{color:#a00}header{display:flex;justify-content:space-between;align-items:center}
[hidden]{display:none!important}`;

export function dashboardHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>memnas coordinator</title>
<link rel="stylesheet" href="${DASHBOARD_PATHS.style}">
<script type="module" src="${DASHBOARD_PATHS.script}"></script>
</head>
<body>
<header><h1>memnas coordinator</h1><button id="logout" type="button" hidden>Log out</button></header>
<section id="login" hidden>
<form id="login-form">
<label>Fleet token <input id="token" name="token" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
</form>
<p id="login-error" role="alert"></p>
</section>
<main id="board" hidden>
<p id="status" class="muted"></p>
<h2>Devices</h2>
<table id="devices"><thead><tr><th>name</th><th>tags</th><th>state</th><th>runtime</th><th>platform</th><th>last heartbeat</th><th>calibration</th></tr></thead><tbody></tbody></table>
<p class="muted">Calibrations are fitted and kept by <code>memnas calibrate</code> on the machine that runs the search, not by the coordinator.</p>
<h2>Queue</h2>
<table id="queue"><thead><tr><th>job</th><th>state</th><th>target</th><th>device</th><th>model</th><th>attempt</th><th>queued</th></tr></thead><tbody></tbody></table>
<h2>Recent results</h2>
<table id="results"><thead><tr><th>job</th><th>model</th><th>device</th><th>peak memory</th><th>latency p50</th><th>latency p90</th><th>load</th><th>batches</th><th>finished</th></tr></thead><tbody></tbody></table>
</main>
</body>
</html>
`;
}
