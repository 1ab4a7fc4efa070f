"""LangChain's Neo4jGraph (langchain-community's class, over the official neo4j driver) against a
memgraph_ha server.

Usage: python langchain_check.py BOLT_URL      (e.g. bolt://127.0.0.1:7687)

Does what a GraphRAG application does with it: connect (which reads the schema with
apoc.meta.data() three times, and SHOW CONSTRAINTS and apoc.schema.nodes() in one try), import graph
documents (apoc.merge.node, apoc.merge.relationship; apoc.create.addLabels with baseEntityLabel),
refresh the schema and read the text it gives the LLM, and query. Prints "ok <check>: <detail>"
per check and "all N checks passed" at the end; exits 1 at the first wrong answer. Run by
PythonToolsE2ETest.
"""

import sys

from langchain_community.graphs import Neo4jGraph
from langchain_community.graphs.graph_document import GraphDocument, Node, Relationship
from langchain_core.documents import Document

from checks import Checks, expect

checks = Checks()


@checks("connect")
def connect(url):
    graph = Neo4jGraph(url=url, username="", password="")
    graph.query("MATCH (n) DETACH DELETE n")
    graph.refresh_schema()
    expect(graph.structured_schema["node_props"], {}, "node properties of an empty graph")
    checks.graph = graph
    return "schema of the empty graph read"


@checks("add_graph_documents")
def add_documents(url):
    marie = Node(id="Marie Curie", type="Person", properties={"born": 1867})
    pierre = Node(id="Pierre Curie", type="Person")
    nobel = Node(id="Nobel Prize", type="Award")
    doc = GraphDocument(
        nodes=[marie, pierre, nobel],
        relationships=[
            Relationship(source=marie, target=nobel, type="WON", properties={"year": 1903}),
            Relationship(source=marie, target=pierre, type="MARRIED"),
        ],
        source=Document(page_content="Marie Curie won the Nobel Prize in 1903.", metadata={"id": "doc1"}),
    )
    checks.graph.add_graph_documents([doc], include_source=True)
    rows = checks.graph.query(
        "MATCH (p:Person {id: 'Marie Curie'})-[w:WON]->(a:Award) RETURN p.born AS born, w.year AS year, a.id AS a")
    expect(rows, [{"born": 1867, "year": 1903, "a": "Nobel Prize"}], "the imported graph")
    mentions = checks.graph.query("MATCH (:Document {id: 'doc1'})-[:MENTIONS]->(n) RETURN count(n) AS c")
    expect(mentions, [{"c": 3}], "the document's mentions")
    return "3 nodes, 2 relationships, 1 document"


@checks("baseEntityLabel")
def base_entity(url):
    city = Node(id="Paris", type="City")
    checks.graph.add_graph_documents(
        [GraphDocument(nodes=[city], relationships=[], source=Document(page_content="Paris"))],
        baseEntityLabel=True)
    rows = checks.graph.query("MATCH (c:__Entity__:City) RETURN c.id AS id")
    expect(rows, [{"id": "Paris"}], "the node labelled with apoc.create.addLabels")
    return "__Entity__:City"


@checks("structured_schema")
def structured_schema(url):
    checks.graph.query("CREATE INDEX person_born IF NOT EXISTS FOR (p:Person) ON (p.born)")
    checks.graph.refresh_schema()
    s = checks.graph.structured_schema
    # SHOW CONSTRAINTS and apoc.schema.nodes() run in one try: both or neither reach the metadata
    constraints = [(c["labelsOrTypes"], c["properties"], c["type"]) for c in s["metadata"]["constraint"]]
    expect(constraints, [(["__Entity__"], ["id"], "UNIQUENESS")], "constraints (baseEntityLabel's)")
    expect(s["metadata"]["index"], [{"label": "Person", "properties": ["born"], "size": 1, "type": "RANGE",
                                     "valuesSelectivity": 1.0, "distinctValues": 1.0}], "range indexes")
    expect(sorted(s["node_props"]), ["Award", "City", "Document", "Person"], "labels with properties")
    expect({p["property"]: p["type"] for p in s["node_props"]["Person"]}, {"id": "STRING", "born": "INTEGER"},
           "Person's properties")
    expect(s["rel_props"], {"WON": [{"property": "year", "type": "INTEGER"}]}, "relationship properties")
    rels = sorted((r["start"], r["type"], r["end"]) for r in s["relationships"])
    expect(("Person", "WON", "Award") in rels and ("Document", "MENTIONS", "Person") in rels, True,
           f"relationships {rels}")
    return f"{len(s['node_props'])} labels, {len(rels)} patterns, a constraint and an index"


@checks("schema text")
def schema_text(url):
    text = checks.graph.get_schema
    for part in ["Person {", "born: INTEGER", "(:Person)-[:WON]->(:Award)"]:
        expect(part in text, True, f"{part!r} in the schema text:\n{text}")
    return f"{len(text)} characters"


if __name__ == "__main__":
    code = checks.run(sys.argv[1])
    if getattr(checks, "graph", None) is not None:
        checks.graph._driver.close()
    sys.exit(code)
