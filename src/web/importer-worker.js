// The importer module's worker (copied by scripts/build.sh to pkg/importer/worker.js): one
// worker a load or an export, ended when it is done, so that the memory a large file took goes
// with it and parsing never holds up the page. Requests are {id, op, args}; each gets
// {id, result} or {id, error}, and every chunk pushed also sends {progress: [bytes read, bytes
// announced or -1, incidents read]}.
import init, { snapshotToGeoJson, StreamImport } from "./incident_map_importer.js";

const ready = init();
let stream = null;

const ops = {
  begin: ({ total, announced, geojsonOnly, maxBytes, lang }) => {
    stream = new StreamImport(total, announced, geojsonOnly, maxBytes, lang);
    return null;
  },
  push: ({ chunk }) => {
    stream.push(chunk);
    self.postMessage({ progress: stream.progress() });
    return null;
  },
  finish: () => stream.finish(),
  export: ({ snapshot, positions }) => snapshotToGeoJson(snapshot, positions),
};

self.onmessage = async ({ data: { id, op, args } }) => {
  try {
    await ready;
    const result = ops[op](args);
    const transfer = result?.snapshot ? [result.snapshot.buffer] : [];
    self.postMessage({ id, result }, transfer);
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
