import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';

/** GraphiQL from the @graphql-yoga/graphiql bundle in node_modules: nothing loads from a CDN (air-gapped plants). */
const DIST = join(dirname(require.resolve('@graphql-yoga/graphiql')), '.');
const ASSETS: Record<string, string> = {
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'graphiql.css': 'text/css; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
};

const DEFAULT_QUERY = `# 客诉 Complaint API. Put your API key in the Headers tab: {"Authorization": "Bearer <key>"}
query ComplaintTypes {
  complaintTypes { key version title { zhCN en } }
  complaints(first: 10) { totalCount edges { node { id number status typeKey createdAt } } }
}
`;

export function graphiqlHtml(graphqlPath: string): string {
  const assets = `${graphqlPath}/ide/`;
  const options = {
    endpoint: graphqlPath,
    subscriptionsProtocol: 'WS',
    title: '客诉 Complaints API',
    query: DEFAULT_QUERY,
    headers: JSON.stringify({ Authorization: 'Bearer <your API key>' }, null, 2),
  };
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>客诉 Complaints API · GraphiQL</title>
<link rel="stylesheet" href="${assets}graphiql.css">
<style>html,body{margin:0;height:100%;overflow:hidden}#graphiql{height:100vh}</style>
</head>
<body>
<div id="graphiql"></div>
<script>
window.MonacoEnvironment = {
  getWorker: function (_id, label) {
    var file = label === 'graphql' ? 'graphql.worker..bundle.js' : label === 'json' ? 'json.worker.bundle.js' : 'editor.worker.bundle.js';
    return new Worker(${json(assets)} + 'monacoeditorwork/' + file);
  }
};
</script>
<script src="${assets}yoga-graphiql.umd.js"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.getElementById('graphiql'), ${json(options)});</script>
</body>
</html>`;
}

/** Serves one whitelisted asset; returns false when `name` is not one. */
export async function serveGraphiqlAsset(name: string, res: ServerResponse): Promise<boolean> {
  const type = ASSETS[name];
  if (!type) return false;
  const body = await readFile(join(DIST, name));
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'public, max-age=86400' });
  res.end(body);
  return true;
}
