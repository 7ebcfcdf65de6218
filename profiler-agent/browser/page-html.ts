// The two HTML documents of the browser agent: the agent page (a status line, the page's clock,
// a log, and a form for the token and device name when neither a join code nor a kept
// credential is at hand) and the measuring frame's
// nearly empty document. Plain strings: the coordinator serves them as they are.
import { AGENT_ASSETS, CONFIG_ELEMENT_ID, type PageConfig } from './page-config.ts';

/** JSON inside <script>: '<' escaped so no value can close the element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

export function agentPageHtml(config: PageConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>memnas browser agent</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 1rem; max-width: 48rem; }
#status { font-weight: 600; }
#log { background: #f4f4f4; padding: .5rem; white-space: pre-wrap; font: 12px/1.35 ui-monospace, monospace; max-height: 60vh; overflow: auto; }
form[hidden] { display: none; }
label { display: block; margin: .4rem 0; }
</style>
<script type="application/json" id="${CONFIG_ELEMENT_ID}">${scriptJson(config)}</script>
<script type="module" src="${AGENT_ASSETS.script}"></script>
</head>
<body data-state="starting">
<h1>memnas browser agent</h1>
<p id="status">Starting…</p>
<p id="clock"></p>
<form id="connect" method="get" action="${AGENT_ASSETS.page}" hidden>
<label>Token <input name="token" type="password" autocomplete="off" required></label>
<label>Device name <input name="name" required></label>
<label>Tags (comma-separated) <input name="tags"></label>
<button type="submit">Connect</button>
</form>
<p>Keep this page in the foreground while it measures: browsers slow down hidden tabs.</p>
<pre id="log"></pre>
</body>
</html>
`;
}

export function measureFrameHtml(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>memnas measurement</title>
<script type="module" src="${AGENT_ASSETS.frameScript}"></script>
</head>
<body></body>
</html>
`;
}
