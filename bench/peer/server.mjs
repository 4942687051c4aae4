// The bench's peer: @neo4j/graphql serving the hub's graph (schema.graphql) read-only,
// behind graphql-yoga on 127.0.0.1. Started and stopped by bench/peer/serve.py.
// Settings come from the environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
// NEO4J_DATABASE and PEER_PORT.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const env = process.env;
const typeDefs = readFileSync(new URL("./schema.graphql", import.meta.url), "utf8");
const driver = neo4j.driver(
  env.NEO4J_URI ?? "neo4j://127.0.0.1:7687",
  neo4j.auth.basic(env.NEO4J_USER ?? "neo4j", env.NEO4J_PASSWORD ?? ""),
);
const database = env.NEO4J_DATABASE || "neo4j";
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({
  schema,
  graphiql: false,
  logging: "warn",
  context: () => ({ sessionConfig: { database, defaultAccessMode: "READ" } }),
});
const port = Number(env.PEER_PORT ?? 8795);
// /readyz as the hub has it, so the bench waits for both servers the same way.
const server = createServer((req, res) =>
  req.url === "/readyz" ? res.writeHead(200).end("ready") : yoga(req, res),
);
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => console.log(`peer on http://127.0.0.1:${port}/graphql`));

const stop = async () => {
  server.close();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
