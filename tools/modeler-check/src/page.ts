import { createServer, type Server } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PAGE = join(dirname(fileURLToPath(import.meta.url)), '..', 'page');

/** Bundles the page (Camunda's modeling libraries and page/main.js) into `outDir` with esbuild. */
export async function buildPage(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(PAGE, 'main.js')],
    bundle: true,
    outdir: outDir,
    format: 'iife',
    target: 'chrome120',
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.svg': 'dataurl' },
    logLevel: 'error',
  });
}

/** Serves index.html and the bundle on 127.0.0.1 (a free port). */
export async function servePage(outDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server: Server = createServer(async (req, res) => {
    const name = req.url === '/' ? 'index.html' : (req.url ?? '').slice(1).split('?')[0]!;
    if (!/^(index\.html|main\.js|main\.css)$/.test(name)) return void res.writeHead(404).end();
    const file = name === 'index.html' ? join(PAGE, name) : join(outDir, name);
    res.writeHead(200, { 'content-type': types[name.slice(name.lastIndexOf('.'))]! }).end(await readFile(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
