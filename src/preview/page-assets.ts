/**
 * The page's HTML and its script. The script (src/preview/page/main.ts) is bundled for the browser
 * by the CLI's own build step (scripts/build-cli.js) and embedded in the compiled CLI; run from the
 * sources (tests), it is bundled here once by the same step's bundlePreviewPage.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PAGE_STYLES } from './page/styles.ts';

declare const __PREVIEW_PAGE_SCRIPT__: string | undefined;

let bundled: Promise<string> | undefined;

export function pageScript(): Promise<string> {
  if (typeof __PREVIEW_PAGE_SCRIPT__ === 'string') return Promise.resolve(__PREVIEW_PAGE_SCRIPT__);
  bundled ??= (async () => {
    // A computed specifier, so that the compiled CLI bundles neither the build step nor esbuild for this fallback.
    const buildStep = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'build-cli.js');
    const { bundlePreviewPage } = (await import(pathToFileURL(buildStep).href)) as {
      bundlePreviewPage: () => Promise<string>;
    };
    return bundlePreviewPage();
  })();
  return bundled;
}

export function pageHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}: preview</title>
<style>${PAGE_STYLES}</style>
</head>
<body>
<div id="app" aria-busy="true"><p class="loading">Loading the connector…</p></div>
<script src="/page.js"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
