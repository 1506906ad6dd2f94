// Runs one Python file in real Pyodide under Node: the test tier's only JavaScript.
//
//   node run.mjs PYODIDE_DIR HOST_DIR SCRIPT
//
// PYODIDE_DIR is Pyodide's index: the npm package's files plus the official package files the
// test verified against its pyodide-lock.json (loadPackage reads them from there, never from a
// CDN). HOST_DIR is mounted at /host inside Pyodide: the fresh wheel, requirements.txt, main.py
// and job.json go in, result.json comes out. SCRIPT runs as __main__ with top-level await.
// Python's prints go to stderr.
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, hostDir, script] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const started = performance.now();
const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + path.sep,
  stdout: (line) => process.stderr.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const bootSeconds = (performance.now() - started) / 1000;
pyodide.FS.mkdirTree("/host");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(hostDir) }, "/host");
pyodide.globals.set("boot_seconds", bootSeconds);
const source = (await import("node:fs")).readFileSync(script, "utf8");
try {
  await pyodide.runPythonAsync(source, { filename: path.basename(script) });
} catch (error) {
  process.stderr.write(String(error.message ?? error) + "\n");
  process.exit(1);
}
