#!/usr/bin/env node
// Runs the Neo4j GraphQL Library (@neo4j/graphql 7) against a Bolt endpoint (a memgraph_ha server,
// or a cluster through neo4j://) and checks the answers of what an API built with it does: a schema
// of @node types with relationships that carry properties, an interface, a union, @id, @relayId,
// @cypher fields and queries, @authorization filters and @limit; filters, sorting, offset and
// cursor pagination, aggregations; nested create, connect, update, disconnect and delete
// mutations; BigInt and temporal values; a uniqueness constraint; the application's own
// transaction. Every operation goes through `graphql` (the reference implementation), as a GraphQL
// server would run it, without the HTTP around it.
//
//   node graphql-check.mjs <boltUri>
//   node graphql-check.mjs bolt://127.0.0.1:7687
//
// Prints one line per check, "ok <check>: <detail>", and at the end "all <n> checks passed"; the
// first failure prints "FAIL <check>: <why>" and exits 1 (2 for bad arguments, 3 when the whole
// run takes longer than GRAPHQL_CHECK_TIMEOUT_MS, default 120000). To see the Cypher the library
// generates, run with DEBUG=@neo4j/graphql:execution (on standard error).
//
// It owns the labels Movie, Series, Person, Genre and Review: it deletes every node of them first
// and at the end. Neo4jGraphQLE2ETest runs it against a server process and through a cluster. The
// harness (ok lines, watchdog) is ../js/checks.mjs.

import { Neo4jGraphQL } from '@neo4j/graphql';
import { graphql } from 'graphql';
import neo4j from 'neo4j-driver';
import { checks, fail } from '../js/checks.mjs';

const [uri] = process.argv.slice(2);
if (!uri || process.argv.length > 3) {
  console.error('usage: node graphql-check.mjs <bolt://host:port | neo4j://host:port>');
  process.exit(2);
}

const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'any'));
const { check, finish } = checks({
  timeoutMs: Number(process.env.GRAPHQL_CHECK_TIMEOUT_MS || 120000),
  cleanup: () => driver.close(),
});

/** Compares as JSON (order matters); names what differs. */
function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) {
    fail(`${what}: expected ${e}, got ${a}`);
  }
}

function near(actual, expected, what) {
  if (typeof actual !== 'number' || Math.abs(actual - expected) > 1e-9) {
    fail(`${what}: expected ${expected}, got ${JSON.stringify(actual)}`);
  }
}

const typeDefs = /* GraphQL */ `
  interface Production {
    title: String!
    released: Int
  }

  type Movie implements Production @node {
    id: ID! @id
    title: String!
    released: Int
    rating: Float
    tags: [String!]
    premiere: Date
    actors: [Person!]! @relationship(type: "ACTED_IN", direction: IN, properties: "ActedIn")
    directors: [Person!]! @relationship(type: "DIRECTED", direction: IN)
    genres: [Genre!]! @relationship(type: "IN_GENRE", direction: OUT)
    actorCount: Int! @cypher(statement: "MATCH (this)<-[:ACTED_IN]-(p:Person) RETURN count(p) AS c", columnName: "c")
    sameGenre(limit: Int = 3): [Movie!]!
      @cypher(
        statement: """
        MATCH (this)-[:IN_GENRE]->(:Genre)<-[:IN_GENRE]-(m:Movie)
        WHERE m <> this
        WITH DISTINCT m ORDER BY m.title LIMIT $limit
        RETURN m
        """
        columnName: "m"
      )
  }

  type Series implements Production @node {
    title: String!
    released: Int
    episodes: Int
  }

  type Person @node {
    name: String!
    born: Int
    home: Point
    actedIn: [Production!]! @relationship(type: "ACTED_IN", direction: OUT, properties: "ActedIn")
    directed: [Movie!]! @relationship(type: "DIRECTED", direction: OUT)
    favorites: [Favorite!]! @relationship(type: "LIKES", direction: OUT)
  }

  union Favorite = Movie | Genre

  type Review @node @limit(default: 2, max: 3)
    @authorization(filter: [{ where: { node: { author: { eq: "$jwt.sub" } } } }],
      validate: [{ operations: [CREATE], when: [AFTER], where: { node: { author: { eq: "$jwt.sub" } } } }]) {
    reviewId: ID! @id @relayId
    author: String!
    stars: Int!
    views: BigInt
    written: LocalDateTime
    published: DateTime
    at: Time
    localAt: LocalTime
    readTime: Duration
    movie: [Movie!]! @relationship(type: "REVIEWS", direction: OUT)
  }

  type Genre @node {
    name: String!
    movies: [Movie!]! @relationship(type: "IN_GENRE", direction: IN)
  }

  type ActedIn @relationshipProperties {
    roles: [String!]
    screenTime: Int
  }

  type Query {
    topRated(min: Float!): [Movie!]!
      @cypher(statement: "MATCH (m:Movie) WHERE m.rating >= $min RETURN m ORDER BY m.rating DESC", columnName: "m")
    castSize: Int! @cypher(statement: "MATCH (:Person)-[r:ACTED_IN]->() RETURN count(r) AS n", columnName: "n")
  }
`;

let schema;
let neoSchema;

/** Runs one GraphQL operation; a GraphQL error fails the check with the library's message. */
async function gql(source, variableValues = {}, contextValue = {}) {
  const result = await graphql({ schema, source, variableValues, contextValue });
  if (result.errors && result.errors.length) {
    fail(`GraphQL errors: ${result.errors.map(describe).join('; ')}`);
  }
  return result.data;
}

/** Runs one GraphQL operation that must fail; returns its one error, described. */
async function gqlError(source, variableValues = {}, contextValue = {}) {
  const result = await graphql({ schema, source, variableValues, contextValue });
  if (!result.errors || result.errors.length !== 1) {
    fail(`expected one GraphQL error, got ${JSON.stringify(result)}`);
  }
  return describe(result.errors[0]);
}

/** A GraphQL error with the Neo4j error code behind it, when there is one. */
function describe(error) {
  const cause = error.originalError;
  return (cause && cause.code ? `${cause.code}: ` : '') + error.message;
}

async function cypher(query, params = {}) {
  const { records } = await driver.executeQuery(query, params, { database: 'neo4j' });
  return records.map((r) => r.toObject());
}

const titles = (list) => list.map((m) => m.title);
const names = (list) => list.map((p) => p.name);

await check('schema', async () => {
  neoSchema = new Neo4jGraphQL({ typeDefs, driver, features: { authorization: { key: 'graphql-check-secret' } } });
  schema = await neoSchema.getSchema();
  await cypher('MATCH (n) WHERE n:Movie OR n:Series OR n:Person OR n:Genre OR n:Review DETACH DELETE n');
  const queries = Object.keys(schema.getQueryType().getFields());
  return `${queries.length} query fields, ${Object.keys(schema.getMutationType().getFields()).length} mutation fields`;
});

await check('database version', async () => {
  // the version check (Neo4j 5.23 or later) must pass; the APOC functions it also looks for may be missing
  try {
    await neoSchema.checkNeo4jCompat();
    return 'checkNeo4jCompat passed';
  } catch (e) {
    const problems = e.message.split('\n').slice(1);
    const other = problems.filter((p) => !p.startsWith('Missing APOC functions'));
    if (other.length) {
      fail(e.message);
    }
    return `the version is accepted; ${problems.join(', ')}`;
  }
});

await check('create with nested create', async () => {
  const data = await gql(`
    mutation {
      createMovies(input: [{
        title: "The Matrix", released: 1999, rating: 8.7, tags: ["cyberpunk", "action"], premiere: "1999-03-31"
        actors: { create: [
          { node: { name: "Keanu Reeves", born: 1964, home: { longitude: -118.4, latitude: 34.1 } },
            edge: { roles: ["Neo"], screenTime: 120 } }
          { node: { name: "Carrie-Anne Moss", born: 1967, home: { longitude: -73.9, latitude: 40.7 } },
            edge: { roles: ["Trinity"], screenTime: 90 } }
          { node: { name: "Laurence Fishburne", born: 1961 }, edge: { roles: ["Morpheus"], screenTime: 70 } }
        ] }
        directors: { create: [{ node: { name: "Lana Wachowski", born: 1965 } }] }
        genres: { create: [{ node: { name: "SciFi" } }] }
      }]) {
        info { nodesCreated relationshipsCreated }
        movies { id title released premiere actors(sort: [{ name: ASC }]) { name born } genres { name } }
      }
    }`);
  const { info, movies } = data.createMovies;
  same(info, { nodesCreated: 6, relationshipsCreated: 5 }, 'createMovies info');
  same(movies.length, 1, 'movies created');
  const [m] = movies;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(m.id)) {
    fail(`@id: expected a UUID, got ${JSON.stringify(m.id)}`);
  }
  same([m.title, m.released, m.premiere], ['The Matrix', 1999, '1999-03-31'], 'the movie');
  same(m.actors, [{ name: 'Carrie-Anne Moss', born: 1967 }, { name: 'Keanu Reeves', born: 1964 },
    { name: 'Laurence Fishburne', born: 1961 }], 'its actors');
  same(m.genres, [{ name: 'SciFi' }], 'its genres');
  return `${info.nodesCreated} nodes, ${info.relationshipsCreated} relationships, id ${m.id}`;
});

await check('create with connect', async () => {
  const two = await gql(`
    mutation($keanu: String!, $carrie: String!) {
      createMovies(input: [
        { title: "The Matrix Reloaded", released: 2003, rating: 7.2, tags: ["action"]
          actors: { connect: [
            { where: { node: { name: { eq: $keanu } } }, edge: { roles: ["Neo"], screenTime: 110 } }
            { where: { node: { name: { eq: $carrie } } }, edge: { roles: ["Trinity"], screenTime: 80 } }
          ] }
          directors: { connect: [{ where: { node: { name: { eq: "Lana Wachowski" } } } }] }
          genres: { connect: [{ where: { node: { name: { eq: "SciFi" } } } }] } }
        { title: "The Godfather", released: 1972, rating: 9.2, tags: ["mafia"]
          actors: { create: [
            { node: { name: "Al Pacino", born: 1940 }, edge: { roles: ["Michael Corleone"], screenTime: 170 } }
            { node: { name: "Marlon Brando", born: 1924 }, edge: { roles: ["Vito Corleone"], screenTime: 140 } }
          ] }
          directors: { create: [{ node: { name: "Francis Ford Coppola", born: 1939 } }] }
          genres: { create: [{ node: { name: "Drama" } }, { node: { name: "Crime" } }] } }
      ]) {
        info { nodesCreated relationshipsCreated }
        movies { title actorsConnection(sort: [{ node: { name: ASC } }]) { edges { properties { roles screenTime } node { name } } } }
      }
    }`, { keanu: 'Keanu Reeves', carrie: 'Carrie-Anne Moss' });
  same(two.createMovies.info, { nodesCreated: 7, relationshipsCreated: 9 }, 'createMovies info');
  same(two.createMovies.movies.map((m) => [m.title, m.actorsConnection.edges.map((e) => [e.node.name, e.properties.roles, e.properties.screenTime])]),
    [['The Matrix Reloaded', [['Carrie-Anne Moss', ['Trinity'], 80], ['Keanu Reeves', ['Neo'], 110]]],
      ['The Godfather', [['Al Pacino', ['Michael Corleone'], 170], ['Marlon Brando', ['Vito Corleone'], 140]]]],
    'the movies and their actors');
  const one = await gql(`
    mutation {
      createMovies(input: [{ title: "The Devil's Advocate", released: 1997, rating: 7.5
        actors: { connect: [
          { where: { node: { name: { eq: "Keanu Reeves" } } }, edge: { roles: ["Kevin Lomax"], screenTime: 130 } }
          { where: { node: { name: { eq: "Al Pacino" } } }, edge: { roles: ["John Milton"], screenTime: 100 } }
        ] }
        genres: { connect: [{ where: { node: { name: { eq: "Drama" } } } }] } }]) {
        info { nodesCreated relationshipsCreated }
      }
      createSeries(input: [{ title: "Hannibal", released: 2013, episodes: 39 }]) { series { title } }
    }`);
  same(one.createMovies.info, { nodesCreated: 1, relationshipsCreated: 3 }, "The Devil's Advocate");
  const connected = await gql(`
    mutation {
      updatePeople(where: { name: { eq: "Laurence Fishburne" } }, update: {
        actedIn: [{ connect: [{ where: { node: { title: { eq: "Hannibal" } } }, edge: { roles: ["Jack Crawford"], screenTime: 30 } }] }]
      }) {
        info { relationshipsCreated }
        people { name actedIn(sort: [{ title: ASC }]) { __typename title } }
      }
    }`);
  same(connected.updatePeople.info.relationshipsCreated, 1, 'connect to an interface');
  same(connected.updatePeople.people, [{ name: 'Laurence Fishburne', actedIn: [
    { __typename: 'Series', title: 'Hannibal' }, { __typename: 'Movie', title: 'The Matrix' }] }], 'his productions');
  const [counts] = await cypher('MATCH (n) WHERE n:Movie OR n:Series OR n:Person OR n:Genre OR n:Review RETURN count(n) AS nodes, COUNT { ()-[]->() } AS rels');
  same([counts.nodes.toNumber(), counts.rels.toNumber()], [15, 18], 'nodes and relationships in the graph');
  return '4 movies, a series, 7 people, 3 genres, 18 relationships';
});

await check('filters', async () => {
  const data = await gql(`
    query {
      range: movies(where: { released: { gte: 1997, lt: 2000 } }, sort: [{ released: ASC }]) { title }
      contains: movies(where: { title: { contains: "Matrix" } }, sort: [{ title: ASC }]) { title }
      startsAndEnds: movies(where: { title: { startsWith: "The M", endsWith: "Reloaded" } }) { title }
      inList: movies(where: { title: { in: ["The Godfather", "Heat"] } }) { title }
      orNot: movies(where: { OR: [{ rating: { gt: 9.0 } }, { NOT: { released: { gte: 1990 } } }, { title: { eq: "The Matrix" } }] }, sort: [{ title: ASC }]) { title }
      tag: movies(where: { tags: { includes: "action" } }, sort: [{ title: DESC }]) { title }
      premiere: movies(where: { premiere: { lt: "2000-01-01" } }) { title }
      noRating: movies(where: { NOT: { rating: { lt: 9 } } }) { title }
      old: people(where: { born: { lt: 1950 } }, sort: [{ name: ASC }]) { name }
      near: people(where: { home: { distance: { from: { longitude: -118.3, latitude: 34.0 }, lt: 50000 } } }) { name home { longitude latitude } }
      series(where: { episodes: { gt: 10 } }) { title episodes }
    }`);
  same(titles(data.range), ["The Devil's Advocate", 'The Matrix'], 'released in [1997, 2000)');
  same(titles(data.contains), ['The Matrix', 'The Matrix Reloaded'], 'title contains');
  same(titles(data.startsAndEnds), ['The Matrix Reloaded'], 'startsWith and endsWith');
  same(titles(data.inList), ['The Godfather'], 'in');
  same(titles(data.orNot), ['The Godfather', 'The Matrix'], 'OR and NOT');
  same(titles(data.tag), ['The Matrix Reloaded', 'The Matrix'], 'a list includes');
  same(titles(data.premiere), ['The Matrix'], 'a Date before');
  same(titles(data.noRating), ['The Godfather'], 'NOT lt');
  same(names(data.old), ['Al Pacino', 'Francis Ford Coppola', 'Marlon Brando'], 'born before 1950');
  same(data.near, [{ name: 'Keanu Reeves', home: { longitude: -118.4, latitude: 34.1 } }], 'a point within 50 km');
  same(data.series, [{ title: 'Hannibal', episodes: 39 }], 'series');
  return '11 filters: comparisons, strings, in, OR/NOT, list includes, Date, point distance';
});

await check('relationship filters', async () => {
  const data = await gql(`
    query {
      some: movies(where: { actors: { some: { name: { eq: "Al Pacino" } } } }, sort: [{ title: ASC }]) { title }
      all: movies(where: { actors: { all: { born: { gt: 1960 } } } }, sort: [{ title: ASC }]) { title }
      none: movies(where: { actors: { none: { name: { eq: "Keanu Reeves" } } } }) { title }
      single: movies(where: { actors: { single: { born: { lt: 1950 } } } }) { title }
      edge: movies(where: { actorsConnection: { some: { edge: { screenTime: { gte: 150 } } } } }) { title }
      roles: movies(where: { actorsConnection: { some: { edge: { roles: { includes: "Neo" } }, node: { born: { eq: 1964 } } } } }, sort: [{ title: ASC }]) { title }
      counted: movies(where: { actorsConnection: { aggregate: { count: { nodes: { gte: 3 } } } } }) { title }
      averaged: movies(where: { actorsConnection: { aggregate: { edge: { screenTime: { average: { gt: 150 } } } } } }) { title }
      viaInterface: people(where: { actedIn: { some: { title: { eq: "Hannibal" } } } }) { name }
      directorsOf: people(where: { directed: { some: { genres: { some: { name: { eq: "Crime" } } } } } }) { name }
    }`);
  same(titles(data.some), ["The Devil's Advocate", 'The Godfather'], 'some');
  same(titles(data.all), ['The Matrix', 'The Matrix Reloaded'], 'all');
  same(titles(data.none), ['The Godfather'], 'none');
  same(titles(data.single), ["The Devil's Advocate"], 'single');
  same(titles(data.edge), ['The Godfather'], 'a relationship property');
  same(titles(data.roles), ['The Matrix', 'The Matrix Reloaded'], 'relationship and node properties');
  same(titles(data.counted), ['The Matrix'], 'an aggregate count');
  same(titles(data.averaged), ['The Godfather'], 'an aggregate average of a relationship property');
  same(names(data.viaInterface), ['Laurence Fishburne'], 'through an interface');
  same(names(data.directorsOf), ['Francis Ford Coppola'], 'two levels deep');
  return 'some, all, none, single, connection edge filters, aggregate filters, interface, nested';
});

await check('sorting and offset pagination', async () => {
  const data = await gql(`
    query {
      page: movies(sort: [{ released: DESC }], limit: 2, offset: 1) { title released }
      twoKeys: people(sort: [{ born: ASC }, { name: DESC }], limit: 3) { name }
      byCypherField: movies(sort: [{ actorCount: DESC }, { title: ASC }]) { title actorCount }
      nested: movies(where: { title: { eq: "The Matrix" } }) { actors(sort: [{ born: ASC }], limit: 2) { name } }
      nestedOffset: people(where: { name: { eq: "Keanu Reeves" } }) { actedIn(sort: [{ released: ASC }], offset: 1) { title } }
      productions(sort: [{ title: ASC }], limit: 3) { __typename title }
    }`);
  same(data.page, [{ title: 'The Matrix', released: 1999 }, { title: "The Devil's Advocate", released: 1997 }], 'limit and offset');
  same(names(data.twoKeys), ['Marlon Brando', 'Francis Ford Coppola', 'Al Pacino'], 'two sort keys');
  same(data.byCypherField.map((m) => [m.title, m.actorCount]), [['The Matrix', 3], ["The Devil's Advocate", 2],
    ['The Godfather', 2], ['The Matrix Reloaded', 2]], 'by a @cypher field');
  same(names(data.nested[0].actors), ['Laurence Fishburne', 'Keanu Reeves'], 'a nested list');
  same(titles(data.nestedOffset[0].actedIn), ['The Matrix', 'The Matrix Reloaded'], 'a nested interface list with offset');
  same(data.productions, [{ __typename: 'Series', title: 'Hannibal' }, { __typename: 'Movie', title: "The Devil's Advocate" },
    { __typename: 'Movie', title: 'The Godfather' }], 'an interface');
  return 'limit, offset, two keys, @cypher key, nested, interface';
});

await check('cursor pagination', async () => {
  const query = `
    query($after: String) {
      moviesConnection(first: 2, after: $after, sort: [{ title: ASC }]) {
        totalCount
        edges { cursor node { title } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
  const first = (await gql(query)).moviesConnection;
  same(first.totalCount, 4, 'totalCount');
  same(first.edges.map((e) => e.node.title), ["The Devil's Advocate", 'The Godfather'], 'the first page');
  same([first.pageInfo.hasNextPage, first.pageInfo.hasPreviousPage], [true, false], 'the first pageInfo');
  same(first.pageInfo.endCursor, first.edges[1].cursor, 'endCursor');
  const second = (await gql(query, { after: first.pageInfo.endCursor })).moviesConnection;
  same(second.edges.map((e) => e.node.title), ['The Matrix', 'The Matrix Reloaded'], 'the page after the cursor');
  same(second.pageInfo.hasNextPage, false, 'hasNextPage of the last page');
  const nested = await gql(`
    query {
      movies(where: { title: { eq: "The Matrix" } }) {
        actorsConnection(first: 2, sort: [{ edge: { screenTime: DESC } }]) {
          totalCount
          edges { properties { roles screenTime } node { name } }
          pageInfo { hasNextPage }
        }
      }
    }`);
  const c = nested.movies[0].actorsConnection;
  same([c.totalCount, c.pageInfo.hasNextPage], [3, true], 'a nested connection');
  same(c.edges.map((e) => [e.node.name, e.properties.screenTime]), [['Keanu Reeves', 120], ['Carrie-Anne Moss', 90]],
    'sorted by a relationship property');
  return `2 pages of 2, cursor ${JSON.stringify(first.pageInfo.endCursor)}, a nested connection sorted by an edge property`;
});

await check('aggregations', async () => {
  const data = await gql(`
    query {
      all: moviesConnection {
        aggregate {
          count { nodes }
          node { released { min max average sum } rating { min max } title { shortest longest } }
        }
      }
      matrix: moviesConnection(where: { title: { contains: "Matrix" } }) { aggregate { count { nodes } } }
      people: peopleConnection { aggregate { count { nodes } node { born { min } } } }
      movies(where: { title: { eq: "The Matrix" } }) {
        actorsConnection {
          aggregate {
            count { nodes edges }
            node { born { min max } name { longest } }
            edge { screenTime { sum average max } }
          }
        }
      }
    }`);
  const all = data.all.aggregate;
  same(all.count.nodes, 4, 'count');
  same([all.node.released.min, all.node.released.max, all.node.released.sum], [1972, 2003, 7971], 'released min, max, sum');
  near(all.node.released.average, 1992.75, 'released average');
  same([all.node.rating.min, all.node.rating.max], [7.2, 9.2], 'rating min and max');
  same(all.node.title, { shortest: 'The Matrix', longest: "The Devil's Advocate" }, 'title shortest and longest');
  same(data.matrix.aggregate.count.nodes, 2, 'a filtered count');
  same(data.people.aggregate, { count: { nodes: 7 }, node: { born: { min: 1924 } } }, 'people');
  const nested = data.movies[0].actorsConnection.aggregate;
  same(nested.count, { nodes: 3, edges: 3 }, 'nested count');
  same(nested.node, { born: { min: 1961, max: 1967 }, name: { longest: 'Laurence Fishburne' } }, 'nested node aggregates');
  same([nested.edge.screenTime.sum, nested.edge.screenTime.max], [280, 120], 'edge sum and max');
  near(nested.edge.screenTime.average, 280 / 3, 'edge average');
  return 'count, min, max, average, sum, shortest, longest; of nodes, and of a relationship and its properties';
});

await check('cypher fields', async () => {
  const data = await gql(`
    query {
      movies(where: { title: { eq: "The Godfather" } }) { title actorCount sameGenre { title } one: sameGenre(limit: 1) { title } }
      matrix: movies(where: { title: { eq: "The Matrix" } }) { sameGenre { title actorCount } }
      big: movies(where: { actorCount: { gte: 3 } }) { title }
      topRated(min: 8.0) { title rating actors(sort: [{ name: ASC }]) { name } }
      castSize
    }`);
  same(data.movies, [{ title: 'The Godfather', actorCount: 2, sameGenre: [{ title: "The Devil's Advocate" }],
    one: [{ title: "The Devil's Advocate" }] }], 'scalar and list @cypher fields');
  same(data.matrix[0].sameGenre, [{ title: 'The Matrix Reloaded', actorCount: 2 }], 'a @cypher field of a @cypher field');
  same(titles(data.big), ['The Matrix'], 'a filter on a @cypher field');
  same(data.topRated.map((m) => [m.title, m.rating, names(m.actors)]), [
    ['The Godfather', 9.2, ['Al Pacino', 'Marlon Brando']],
    ['The Matrix', 8.7, ['Carrie-Anne Moss', 'Keanu Reeves', 'Laurence Fishburne']]], 'a @cypher query');
  same(data.castSize, 10, 'a scalar @cypher query');
  return '@cypher scalar, list with an argument, filter, Query fields';
});

await check('update', async () => {
  const data = await gql(`
    mutation {
      updateMovies(where: { title: { eq: "The Matrix Reloaded" } }, update: {
        rating: { set: 7.3 }, tags: { set: ["action", "sequel"] }, premiere: { set: "2003-05-15" }
      }) {
        info { nodesCreated relationshipsCreated }
        movies { title rating tags premiere }
      }
    }`);
  same(data.updateMovies.movies, [{ title: 'The Matrix Reloaded', rating: 7.3, tags: ['action', 'sequel'],
    premiere: '2003-05-15' }], 'the updated movie');
  const none = await gql(`mutation { updateMovies(where: { title: { eq: "Heat" } }, update: { rating: { set: 8.3 } }) { movies { title } } }`);
  same(none.updateMovies.movies, [], 'an update that matches nothing');
  return 'set a Float, a list and a Date';
});

await check('arithmetic and list updates', async () => {
  // the library guards arithmetic with apoc.util.validate (no null, no overflow) and pushes to
  // and pops from lists in Cypher
  const add = await gql(`
    mutation {
      updateMovies(where: { title: { eq: "The Matrix Reloaded" } }, update: {
        released: { add: 1 }, rating: { multiply: 2.0 }, tags: { push: ["classic", "2003"] }
      }) { movies { released rating tags } }
    }`);
  same(add.updateMovies.movies, [{ released: 2004, rating: 14.6, tags: ['action', 'sequel', 'classic', '2003'] }],
    'add to an Int, multiply a Float, push two to a list');
  const back = await gql(`
    mutation {
      updateMovies(where: { title: { eq: "The Matrix Reloaded" } }, update: {
        released: { subtract: 1 }, rating: { divide: 2.0 }, tags: { pop: 2 }
      }) { movies { released rating tags } }
    }`);
  same(back.updateMovies.movies, [{ released: 2003, rating: 7.3, tags: ['action', 'sequel'] }],
    'subtract, divide, pop two');
  const overflow = await gqlError(`
    mutation {
      updateMovies(where: { title: { eq: "The Matrix Reloaded" } }, update: { released: { add: 2147483647 } }) {
        movies { released }
      }
    }`);
  if (!/overflow/i.test(overflow)) {
    throw new Error(`an Int overflow: expected the library's overflow error, got ${overflow}`);
  }
  const [still] = await cypher("MATCH (m:Movie {title: 'The Matrix Reloaded'}) RETURN m.released AS r");
  same(still.r.toNumber(), 2003, 'the refused update changed nothing');
  return 'add, subtract, multiply, divide, push, pop; an Int overflow refused by apoc.util.validate';
});

await check('nested update', async () => {
  const data = await gql(`
    mutation {
      updateMovies(where: { title: { eq: "The Matrix Reloaded" } }, update: {
        actors: [
          { connect: [{ where: { node: { name: { eq: "Laurence Fishburne" } } }, edge: { roles: ["Morpheus"], screenTime: 75 } }] }
          { update: { where: { node: { name: { eq: "Keanu Reeves" } } }, edge: { screenTime: { set: 115 } } } }
          { disconnect: [{ where: { node: { name: { eq: "Carrie-Anne Moss" } } } }] }
          { create: [{ node: { name: "Hugo Weaving", born: 1960 }, edge: { roles: ["Agent Smith"], screenTime: 60 } }] }
        ]
        genres: [{ update: { where: { node: { name: { eq: "SciFi" } } }, node: { name: { set: "Science Fiction" } } } }]
      }) {
        info { nodesCreated nodesDeleted relationshipsCreated relationshipsDeleted }
        movies {
          title
          actorsConnection(sort: [{ node: { name: ASC } }]) { edges { properties { roles screenTime } node { name } } }
          genres { name }
        }
      }
    }`);
  const u = data.updateMovies;
  same(u.info, { nodesCreated: 1, nodesDeleted: 0, relationshipsCreated: 2, relationshipsDeleted: 1 }, 'updateMovies info');
  same(u.movies[0].actorsConnection.edges.map((e) => [e.node.name, e.properties.roles[0], e.properties.screenTime]), [
    ['Hugo Weaving', 'Agent Smith', 60], ['Keanu Reeves', 'Neo', 115], ['Laurence Fishburne', 'Morpheus', 75]],
    'the actors after connect, update, disconnect and create');
  same(u.movies[0].genres, [{ name: 'Science Fiction' }], 'a nested node update');
  const [carrie] = await cypher("MATCH (p:Person {name: 'Carrie-Anne Moss'}) RETURN COUNT { (p)-[:ACTED_IN]->() } AS films");
  same(carrie.films.toNumber(), 1, "Carrie-Anne Moss's films after the disconnect");
  return 'connect with edge properties, update an edge, disconnect, nested create, update a related node';
});

await check('delete', async () => {
  const data = await gql(`
    mutation {
      deleteMovies(where: { title: { eq: "The Matrix Reloaded" } },
                   delete: { actors: [{ where: { node: { name: { eq: "Hugo Weaving" } } } }] }) {
        nodesDeleted
        relationshipsDeleted
      }
    }`);
  same(data.deleteMovies, { nodesDeleted: 2, relationshipsDeleted: 5 }, 'deleteMovies with a nested delete');
  const left = await gql(`query { movies(sort: [{ title: ASC }]) { title } people(where: { name: { eq: "Hugo Weaving" } }) { name } }`);
  same(titles(left.movies), ["The Devil's Advocate", 'The Godfather', 'The Matrix'], 'the movies left');
  same(left.people, [], 'the nested delete');
  const none = await gql(`mutation { deletePeople(where: { name: { eq: "Nobody" } }) { nodesDeleted } }`);
  same(none.deletePeople.nodesDeleted, 0, 'a delete that matches nothing');
  return '2 nodes and 5 relationships deleted';
});

await check('unions', async () => {
  const data = await gql(`
    mutation {
      updatePeople(where: { name: { eq: "Keanu Reeves" } }, update: { favorites: {
        Movie: [{ connect: [{ where: { node: { title: { eq: "The Matrix" } } } }] }]
        Genre: [{ connect: [{ where: { node: { name: { eq: "Drama" } } } }], create: [{ node: { name: "Noir" } }] }]
      } }) {
        info { nodesCreated relationshipsCreated }
        people {
          favorites { __typename ... on Movie { title } ... on Genre { name } }
          favoritesConnection { totalCount edges { node { __typename ... on Genre { name } } } }
        }
      }
    }`);
  const u = data.updatePeople;
  same(u.info, { nodesCreated: 1, relationshipsCreated: 3 }, 'connect and create through a union');
  const labelled = (f) => f.__typename === 'Movie' ? `Movie ${f.title}` : `Genre ${f.name}`;
  same(u.people[0].favorites.map(labelled).sort(), ['Genre Drama', 'Genre Noir', 'Movie The Matrix'], 'the union list');
  same(u.people[0].favoritesConnection.totalCount, 3, 'the union connection');
  const read = await gql(`
    query {
      favorites(where: { Genre: { name: { startsWith: "N" } } }) { __typename ... on Genre { name } }
      people(where: { favoritesConnection: { some: { Movie: { node: { released: { lt: 2000 } } } } } }) { name }
      movieOnly: people(where: { name: { eq: "Keanu Reeves" } }) { favorites(where: { Movie: { title: { contains: "Matrix" } } }) { ... on Movie { title } } }
    }`);
  same(read.favorites, [{ __typename: 'Genre', name: 'Noir' }], 'a top-level union query');
  same(names(read.people), ['Keanu Reeves'], 'a filter through a union connection');
  same(read.movieOnly[0].favorites, [{ title: 'The Matrix' }], 'a nested union filter');
  return 'connect, create, list, connection, filters';
});

await check('authorization, relay ids and @limit', async () => {
  const create = `
    mutation($input: [ReviewCreateInput!]!) {
      createReviews(input: $input) { reviews { id reviewId author stars } }
    }`;
  const review = (author, stars) => ({ author, stars, movie: { connect: [{ where: { node: { title: { eq: 'The Matrix' } } } }] } });
  const alice = { jwt: { sub: 'alice' } };
  const created = await gql(create, { input: [review('alice', 5), review('alice', 4), review('alice', 3)] }, alice);
  await gql(create, { input: [review('bob', 1)] }, { jwt: { sub: 'bob' } });
  const first = created.createReviews.reviews[0];
  same(Buffer.from(first.id, 'base64').toString(), `Review:reviewId:${first.reviewId}`, 'a relay id');
  const data = await gql(`
    query($id: ID!) {
      byDefault: reviews(sort: [{ stars: DESC }]) { author stars }
      capped: reviews(limit: 10, sort: [{ stars: ASC }]) { stars }
      node(id: $id) { id ... on Review { stars author } }
      counted: reviewsConnection { totalCount aggregate { count { nodes } node { stars { max } } } }
    }`, { id: first.id }, alice);
  same(data.byDefault, [{ author: 'alice', stars: 5 }, { author: 'alice', stars: 4 }], '@limit default 2, only her reviews');
  same(data.capped.map((r) => r.stars), [3, 4, 5], '@limit max 3, without bob\'s');
  same(data.node, { id: first.id, stars: 5, author: 'alice' }, 'node(id:)');
  same(data.counted.totalCount, 3, 'a connection under the filter');
  same(data.counted.aggregate, { count: { nodes: 3 }, node: { stars: { max: 5 } } }, 'an aggregate under the filter');
  const nobody = await gql('query { reviews { stars } }', {}, { jwt: { sub: 'carol' } });
  same(nobody.reviews, [], 'another user sees none');
  // the validate rule: a review in another user's name is refused (apoc.util.validate), not written
  const forged = await gqlError(create, { input: [review('alice', 1)] }, { jwt: { sub: 'mallory' } });
  same(forged, 'Forbidden', 'a review created in another user\'s name');
  const [all] = await cypher('MATCH (r:Review) RETURN count(r) AS n');
  same(all.n.toNumber(), 4, 'reviews in the graph');
  return '@authorization filter and validate by $jwt.sub, node(id:) of a @relayId, @limit default and max';
});

await check('temporal and BigInt values', async () => {
  const jwt = { jwt: { sub: 'dave' } };
  const created = await gql(`
    mutation {
      createReviews(input: [
        { author: "dave", stars: 2, views: "9007199254740993", written: "2024-01-02T03:04:05", published: "2024-01-02T03:04:05Z", at: "12:30:00Z",
          localAt: "12:30:00", readTime: "PT5M30S" }
        { author: "dave", stars: 4, views: "10", written: "2025-06-07T08:09:10.123", published: "2025-06-07T08:09:10.123+02:00", at: "23:59:59.5+01:00",
          localAt: "06:00:00", readTime: "P1DT2H" }
      ]) { reviews { views written published at localAt readTime } }
    }`, {}, jwt);
  // the library gives a DateTime in UTC with milliseconds, as JavaScript's Date.toISOString() does
  same(created.createReviews.reviews[0], { views: '9007199254740993', written: '2024-01-02T03:04:05',
    published: '2024-01-02T03:04:05.000Z', at: '12:30:00Z',
    localAt: '12:30:00', readTime: 'PT5M30S' }, 'the values written');
  const data = await gql(`
    query {
      later: reviews(where: { written: { gt: "2025-01-01T00:00:00" } }) { stars written published at readTime }
      published: reviews(where: { published: { lt: "2024-06-01T00:00:00Z" } }) { stars published }
      big: reviews(where: { views: { gt: "9007199254740992" } }) { stars }
      short: reviews(where: { readTime: { lt: "PT1H" } }) { stars }
      early: reviews(where: { localAt: { lte: "06:00:00" } }) { stars }
      reviewsConnection { aggregate { node { views { max sum } written { min max } published { min max } readTime { min max } localAt { min } } } }
    }`, {}, jwt);
  // the driver writes fractions of a second with 9 digits
  same(data.later, [{ stars: 4, written: '2025-06-07T08:09:10.123000000', published: '2025-06-07T06:09:10.123Z',
    at: '23:59:59.500000000+01:00',
    readTime: 'P1DT2H' }], 'a LocalDateTime filter');
  same(data.published, [{ stars: 2, published: '2024-01-02T03:04:05.000Z' }], 'a DateTime filter');
  same(data.big.map((r) => r.stars), [2], 'a BigInt above 2^53');
  same(data.short.map((r) => r.stars), [2], 'a Duration filter');
  same(data.early.map((r) => r.stars), [4], 'a LocalTime filter');
  same(data.reviewsConnection.aggregate.node, {
    views: { max: '9007199254740993', sum: '9007199254741003' },
    written: { min: '2024-01-02T03:04:05', max: '2025-06-07T08:09:10.123000000' },
    published: { min: '2024-01-02T03:04:05.000Z', max: '2025-06-07T06:09:10.123Z' },
    readTime: { min: 'PT5M30S', max: 'P1DT2H' },
    localAt: { min: '06:00:00' },
  }, 'aggregates of BigInt and temporal values');
  return 'BigInt, DateTime, LocalDateTime, Time, LocalTime, Duration: written, read, filtered, aggregated';
});

await check('uniqueness constraint', async () => {
  await cypher('CREATE CONSTRAINT genre_name IF NOT EXISTS FOR (g:Genre) REQUIRE g.name IS UNIQUE');
  await neoSchema.assertIndexesAndConstraints();
  const result = await graphql({ schema, source: 'mutation { createGenres(input: [{ name: "Drama" }]) { genres { name } } }', contextValue: {} });
  if (!result.errors || result.errors.length !== 1) {
    fail(`a duplicate genre: expected one error, got ${JSON.stringify(result)}`);
  }
  const error = result.errors[0];
  same([error.originalError && error.originalError.name, error.message],
    ['Neo4jGraphQLConstraintValidationError', 'Constraint validation failed'], 'the error of a duplicate genre');
  const [genres] = await cypher("MATCH (g:Genre {name: 'Drama'}) RETURN count(g) AS n");
  same(genres.n.toNumber(), 1, 'Drama genres after the refused create');
  await cypher('DROP CONSTRAINT genre_name');
  return `${error.originalError.name}: ${error.message}`;
});

await check('execution context and query options', async () => {
  // the library runs in a transaction the application gives it; rolled back, nothing stays
  const session = driver.session({ database: 'neo4j' });
  try {
    const tx = await session.beginTransaction();
    const created = await gql('mutation { createGenres(input: [{ name: "Western" }]) { info { nodesCreated } } }', {},
      { executionContext: tx });
    same(created.createGenres.info.nodesCreated, 1, 'created in the transaction');
    const seen = await gql('query { genres(where: { name: { eq: "Western" } }) { name } }', {}, { executionContext: tx });
    same(seen.genres, [{ name: 'Western' }], 'read back in the transaction');
    await tx.rollback();
  } finally {
    await session.close();
  }
  const after = await gql('query { genres(where: { name: { eq: "Western" } }) { name } }');
  same(after.genres, [], 'after the rollback');
  const committed = await gql('mutation { createGenres(input: [{ name: "Western" }]) { genres { name } } }', {},
    { sessionConfig: { database: 'memgraph' }, transactionMetadata: { app: 'graphql-check' } });
  same(committed.createGenres.genres, [{ name: 'Western' }], 'with a session config and transaction metadata');
  // CYPHER 5, then CYPHER runtime=interpreted planner=cost; or no prefix at all
  const options = await gql('query { genres(where: { name: { eq: "Western" } }) { name } }', {},
    { cypherQueryOptions: { runtime: 'interpreted', planner: 'cost' } });
  same(options.genres, [{ name: 'Western' }], 'with cypherQueryOptions');
  const bare = await gql('query { genres(where: { name: { eq: "Western" } }) { name } }', {},
    { cypherQueryOptions: { addVersionPrefix: false } });
  same(bare.genres, [{ name: 'Western' }], 'without the CYPHER 5 prefix');
  return 'executionContext (rolled back), sessionConfig, transactionMetadata, cypherQueryOptions';
});

await check('cleanup', async () => {
  const data = await gql(`
    mutation {
      deleteMovies(where: {}, delete: { actors: [{ where: {} }], directors: [{ where: {} }], genres: [{ where: {} }] }) { nodesDeleted }
      deleteSeries(where: {}) { nodesDeleted }
    }`);
  await cypher('MATCH (n) WHERE n:Movie OR n:Series OR n:Person OR n:Genre OR n:Review DETACH DELETE n');
  const [left] = await cypher('MATCH (n) WHERE n:Movie OR n:Series OR n:Person OR n:Genre OR n:Review RETURN count(n) AS n');
  same(left.n.toNumber(), 0, 'nodes left');
  return `${data.deleteMovies.nodesDeleted + data.deleteSeries.nodesDeleted} nodes deleted through GraphQL`;
});

await driver.close();
finish();
