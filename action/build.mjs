// Bundles the Action into action/dist/ (committed: a workflow runs it without installing anything).
//
//   node action/build.mjs            rebuilds action/dist/
//   node action/build.mjs --check    rebuilds into a temporary folder and fails if action/dist/
//                                    differs from it (CI: the committed bundle is the source's)
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const committed = join(root, "action", "dist");

/**
 * zod bundles every locale behind `z.locales` (≈ 250 KB minified); mlgate's messages are English,
 * so the namespace keeps `en` only. Nothing in mlgate reads another locale.
 */
const englishOnlyZod = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join("node_modules", "zod")}`)
        ? { path: join(dirname(args.importer), args.path), namespace: "zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

async function bundle(outdir) {
  await build({
    absWorkingDir: root,
    entryPoints: {
      index: "src/action/index.ts",
      // Large prediction files are counted on worker threads; the worker is loaded from a file
      // next to the bundle (`new URL("./csv-part-worker.js", import.meta.url)`).
      "csv-part-worker": "src/evidence/predictions/csv-part-worker.ts",
      // Large data files of the data check are read on worker threads, base and head side by side.
      "data-summary-worker": "src/evidence/data/data-summary-worker.ts",
    },
    outdir,
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
    // CommonJS dependencies (simple-git, yauzl) call require(); ESM has none of its own.
    banner: {
      js: 'import{createRequire as __mlgateRequire}from"node:module";const require=__mlgateRequire(import.meta.url);',
    },
    plugins: [englishOnlyZod],
  });
  // The bundle is ESM whatever package.json encloses the folder it is copied to.
  await writeFile(join(outdir, "package.json"), '{ "type": "module" }\n');
}

async function files(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

if (process.argv.includes("--check")) {
  const fresh = await mkdtemp(join(tmpdir(), "mlgate-action-"));
  try {
    await bundle(fresh);
    const [want, have] = [await files(fresh), await files(committed).catch(() => [])];
    const problems = [];
    for (const name of new Set([...want, ...have])) {
      if (!want.includes(name)) problems.push(`${name}: not produced by the build (remove it)`);
      else if (!have.includes(name)) problems.push(`${name}: missing`);
      else if (!(await readFile(join(fresh, name))).equals(await readFile(join(committed, name))))
        problems.push(`${name}: differs from a fresh build`);
    }
    if (problems.length > 0) {
      console.error(`action/dist/ is out of date; run npm run build:action and commit it:`);
      for (const p of problems) console.error(`  ${p}`);
      process.exitCode = 1;
    } else {
      console.log("action/dist/ matches a fresh build");
    }
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
} else {
  await rm(committed, { recursive: true, force: true });
  await bundle(committed);
  for (const name of await files(committed)) {
    const size = (await readFile(join(committed, name))).length;
    console.log(`action/dist/${name}  ${(size / 1024).toFixed(0)} KB`);
  }
}
