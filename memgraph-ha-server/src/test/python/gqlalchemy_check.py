"""GQLAlchemy's Memgraph class (over pymgclient, Bolt 4.1) against a memgraph_ha server.

Usage: python gqlalchemy_check.py HOST PORT

Does what a GQLAlchemy user does: the OGM (models whose fields declare indexes and constraints,
save, load, get_or_create, relationships with properties), index and constraint management
(get_indexes, ensure_indexes, get_constraints, ensure_constraints, drop_indexes), the query
builder, storage info and mode, triggers, procedures, transactions of the database client, and
another client's transaction listed (get_transactions) and ended (terminate_transactions).
Prints "ok <check>: <detail>" per check and "all N checks passed" at the end; exits 1 with a
message at the first wrong answer. Run by PythonToolsE2ETest.
"""

import datetime
import sys
from typing import Optional

import mgclient

from gqlalchemy import (
    Field,
    Memgraph,
    MemgraphConstraintExists,
    MemgraphConstraintUnique,
    MemgraphIndex,
    MemgraphTrigger,
    Node,
    Relationship,
    match,
    create,
)
from gqlalchemy.exceptions import GQLAlchemyError
from gqlalchemy.models import IndexType, TriggerEventObject, TriggerEventType, TriggerExecutionPhase
from gqlalchemy.query_builders.declarative_base import Operator, Order

from checks import Checks, expect

check = Checks()


def main(host, port):
    # what the checks share: the database, and the models declared once against it
    return check.run({"db": Memgraph(host=host, port=port), "host": host, "port": port})


@check("connect and clean")
def connect_and_clean(ctx):
    db = ctx["db"]
    db.drop_database()
    db.drop_indexes()
    db.ensure_constraints([])
    expect(list(db.execute_and_fetch("MATCH (n) RETURN count(n) AS c")), [{"c": 0}], "nodes after drop_database")
    expect(db.get_indexes(), [], "indexes after drop_indexes")
    expect(db.get_constraints(), [], "constraints after ensure_constraints([])")
    return "empty database"


@check("ogm models declare indexes and constraints")
def models(ctx):
    db = ctx["db"]

    class Country(Node, index=True, db=db):
        code: str = Field(unique=True, exists=True, db=db)
        name: Optional[str] = Field(index=True, db=db)

    class User(Node):
        id: int = Field(index=True, unique=True, db=db)
        name: Optional[str] = None
        born: Optional[datetime.date] = None
        tags: Optional[list] = None

    class LivesIn(Relationship, type="LIVES_IN"):
        since: Optional[int] = None

    class Follows(Relationship, type="FOLLOWS"):
        weight: Optional[float] = None

    ctx.update(Country=Country, User=User, LivesIn=LivesIn, Follows=Follows)
    indexes = set(db.get_indexes())
    wanted = {
        MemgraphIndex("Country"),
        MemgraphIndex("Country", "name"),
        MemgraphIndex("User", "id"),
    }
    expect(indexes, wanted, "get_indexes after the class definitions")
    constraints = set(db.get_constraints())
    expect(
        constraints,
        {
            MemgraphConstraintUnique("Country", ("code",)),
            MemgraphConstraintExists("Country", "code"),
            MemgraphConstraintUnique("User", ("id",)),
        },
        "get_constraints after the class definitions",
    )
    return f"{len(indexes)} indexes, {len(constraints)} constraints"


@check("save and load nodes")
def save_and_load(ctx):
    db, Country, User = ctx["db"], ctx["Country"], ctx["User"]
    uk = Country(code="UK", name="United Kingdom").save(db)
    fr = Country(code="FR", name="France").save(db)
    ada = User(id=1, name="Ada", born=datetime.date(1815, 12, 10), tags=["math", "poetry"]).save(db)
    alan = User(id=2, name="Alan").save(db)
    if uk._id is None or ada._id is None or uk._id == fr._id:
        raise AssertionError(f"saved nodes have no distinct ids: {uk._id}, {fr._id}, {ada._id}")
    loaded = User(id=1).load(db)
    expect((loaded._id, loaded.name, loaded.born, loaded.tags), (ada._id, "Ada", datetime.date(1815, 12, 10),
           ["math", "poetry"]), "User(id=1).load")
    # saving a node whose unique field matches updates that node instead of adding one
    User(id=2, name="Alan Turing").save(db)
    expect(User(id=2).load(db).name, "Alan Turing", "name after the update through the unique field")
    expect(User(id=2).load(db)._id, alan._id, "id after the update through the unique field")
    expect(list(db.execute_and_fetch("MATCH (u:User) RETURN count(u) AS c")), [{"c": 2}], "users")
    ctx.update(uk=uk, fr=fr, ada=ada, alan=User(id=2).load(db))
    return f"ada id {ada._id}"


@check("unique constraint refuses a duplicate")
def duplicate(ctx):
    db = ctx["db"]
    try:
        db.execute("CREATE (:Country {code: 'UK', name: 'Duplicate'})")
    except GQLAlchemyError as e:
        message = str(e)
        if "Country" not in message:
            raise AssertionError(f"the constraint failure does not name the label: {message}")
    else:
        raise AssertionError("a second Country with code UK was accepted")
    expect(list(db.execute_and_fetch("MATCH (c:Country {code: 'UK'}) RETURN count(c) AS c")), [{"c": 1}],
           "UK countries")
    return "ConstraintValidationFailed"


@check("get_or_create")
def get_or_create(ctx):
    db, Country = ctx["db"], ctx["Country"]
    de, created = Country(code="DE", name="Germany").get_or_create(db)
    expect(created, True, "first get_or_create created")
    again, created = Country(code="DE", name="Germany").get_or_create(db)
    expect((created, again._id), (False, de._id), "second get_or_create found it")
    return f"DE id {de._id}"


@check("relationships with properties")
def relationships(ctx):
    db, LivesIn, Follows = ctx["db"], ctx["LivesIn"], ctx["Follows"]
    ada, alan, uk = ctx["ada"], ctx["alan"], ctx["uk"]
    lives = LivesIn(_start_node_id=ada._id, _end_node_id=uk._id, since=1815).save(db)
    follows = Follows(_start_node_id=alan._id, _end_node_id=ada._id, weight=0.5).save(db)
    loaded = LivesIn(_start_node_id=ada._id, _end_node_id=uk._id).load(db)
    expect((loaded._id, loaded.since), (lives._id, 1815), "LivesIn loaded by its ends")
    follows.weight = 0.75
    follows.save(db)
    expect(Follows(_start_node_id=alan._id, _end_node_id=ada._id).load(db).weight, 0.75,
           "weight after saving the loaded relationship")
    rows = list(db.execute_and_fetch(
        "MATCH (a:User)-[r:LIVES_IN]->(c:Country) RETURN a, r, c"))
    expect(len(rows), 1, "LIVES_IN rows")
    row = rows[0]
    expect((type(row["a"]).__name__, row["a"].name, row["r"].since, row["c"].code), ("User", "Ada", 1815, "UK"),
           "nodes and relationship come back as the model classes")
    return f"LIVES_IN {lives._id}, FOLLOWS {follows._id}"


@check("query builder")
def query_builder(ctx):
    db = ctx["db"]
    create(connection=db).node(labels="City", name="London", population=8_800_000).execute()
    create(connection=db).node(labels="City", name="Paris", population=2_100_000).execute()
    create(connection=db).node(labels="City", name="Leeds", population=800_000).execute()
    big = list(
        match(connection=db)
        .node(labels="City", variable="c")
        .where(item="c.population", operator=Operator.GREATER_THAN, literal=1_000_000)
        .return_(results=[("c.name", "name")])
        .order_by(properties=("c.population", Order.DESC))
        .execute()
    )
    expect([r["name"] for r in big], ["London", "Paris"], "cities above a million, largest first")
    first = (
        match(connection=db).node(labels="City", variable="c").return_(results=[("c.name", "name")])
        .order_by(properties="c.name").limit(1).get_single(retrieve="name")
    )
    expect(first, "Leeds", "first city by name")
    followed = list(
        match(connection=db).node(labels="User", variable="a").to(relationship_type="FOLLOWS", variable="r")
        .node(labels="User", variable="b").return_(results=[("a.name", "a"), ("b.name", "b"), ("r.weight", "w")])
        .execute()
    )
    expect(followed, [{"a": "Alan Turing", "b": "Ada", "w": 0.75}], "who follows whom")
    return f"{len(big)} big cities"


@check("values round trip")
def values(ctx):
    db = ctx["db"]
    params = {
        "i": 2**40, "f": 1.5, "s": "grüße", "b": True, "n": None, "l": [1, "two", 3.0],
        "m": {"k": [1, 2], "nested": {"x": "y"}},
        "d": datetime.date(2024, 2, 29), "t": datetime.time(12, 30, 15),
        "dt": datetime.datetime(2024, 2, 29, 12, 30, 15), "dur": datetime.timedelta(days=1, seconds=5),
    }
    row = list(db.execute_and_fetch("RETURN $i AS i, $f AS f, $s AS s, $b AS b, $n AS n, $l AS l, $m AS m,"
                                    " $d AS d, $t AS t, $dt AS dt, $dur AS dur", params))[0]
    expect(row, params, "parameters returned as they were sent")
    return "11 types"


def raw_indexes(db):
    return {r["created index"]: r for r in db.execute_and_fetch("SHOW INDEX INFO;")}


@check("indexes ensured and dropped")
def indexes(ctx):
    db = ctx["db"]
    db.create_index(MemgraphIndex("City", "name"))
    db.create_index(MemgraphIndex("City", ("name", "population")))
    raw = raw_indexes(db)
    expect(raw[":City(name)"]["count"], 3, "entries of :City(name)")
    expect((raw[":City(name, population)"]["index type"], raw[":City(name, population)"]["property"]),
           ("label+property", ["name", "population"]), "the composite index's row")
    db.create_index(MemgraphIndex("FOLLOWS", "weight", index_type=IndexType.EDGE_INDEX_TYPE))
    expect(raw_indexes(db).get("()-[:FOLLOWS(weight)]-()", {}).get("index type"), "edge-type+property",
           "the relationship index's type")
    wanted = [MemgraphIndex("User", "id"), MemgraphIndex("City", "population")]
    db.ensure_indexes(wanted)  # drops the relationship index with DROP EDGE INDEX
    expect(set(db.get_indexes()), set(wanted), "indexes after ensure_indexes")
    plan = "\n".join(r["QUERY PLAN"] for r in db.execute_and_fetch(
        "EXPLAIN MATCH (c:City) WHERE c.population > 1000000 RETURN c"))
    if "ScanByLabelPropertyRange" not in plan:
        raise AssertionError(f"the :City(population) index is not used:\n{plan}")
    return f"{len(wanted)} indexes"


@check("constraints ensured")
def constraints(ctx):
    db = ctx["db"]
    wanted = [
        MemgraphConstraintUnique("User", ("id",)),
        MemgraphConstraintUnique("City", ("name", "population")),
        MemgraphConstraintExists("City", "name"),
    ]
    db.ensure_constraints(wanted)
    expect(set(db.get_constraints()), set(wanted), "constraints after ensure_constraints")
    expect(set(db.get_unique_constraints()), set(wanted[:2]), "get_unique_constraints")
    expect(db.get_exists_constraints(), [wanted[2]], "get_exists_constraints")
    return f"{len(wanted)} constraints"


@check("storage info and mode")
def storage(ctx):
    db = ctx["db"]
    info = {(r["storage info"]): r["value"] for r in db.get_storage_info()}
    nodes = list(db.execute_and_fetch("MATCH (n) RETURN count(n) AS c"))[0]["c"]
    expect(info["vertex_count"], nodes, "vertex_count")
    expect(db.get_storage_mode(), "IN_MEMORY_TRANSACTIONAL", "get_storage_mode")
    db.set_storage_mode("IN_MEMORY_TRANSACTIONAL")
    try:
        db.set_storage_mode("IN_MEMORY_ANALYTICAL")
    except GQLAlchemyError as e:
        if "not supported" not in str(e):
            raise AssertionError(f"unclear refusal of IN_MEMORY_ANALYTICAL: {e}")
    else:
        raise AssertionError("STORAGE MODE IN_MEMORY_ANALYTICAL was accepted")
    version = list(db.execute_and_fetch("SHOW VERSION;"))[0]["version"]
    build = db.get_build_info()
    expect(build, [{"build info": "build_type", "value": "Release"}], "get_build_info")
    return f"{nodes} vertices, memory_res {info['memory_res']}, version {version}"


@check("triggers")
def triggers(ctx):
    db = ctx["db"]
    expect(db.get_triggers(), [], "get_triggers")
    db.drop_triggers()
    trigger = MemgraphTrigger(
        name="log_users", event_type=TriggerEventType.CREATE, event_object=TriggerEventObject.NODE,
        execution_phase=TriggerExecutionPhase.BEFORE, statement="CREATE (:Log)")
    try:
        db.create_trigger(trigger)
    except GQLAlchemyError as e:
        if "Triggers are not supported" not in str(e):
            raise AssertionError(f"unclear refusal of CREATE TRIGGER: {e}")
    else:
        raise AssertionError("CREATE TRIGGER was accepted")
    return "none, and CREATE TRIGGER refused"


@check("procedures")
def procedures(ctx):
    db = ctx["db"]
    modules = db.get_procedures()
    names = {m.name for m in modules}
    for wanted in ("db.labels", "mg.procedures", "dbms.components"):
        if wanted not in names:
            raise AssertionError(f"get_procedures lacks {wanted}: {sorted(names)}")
    labels = next(m for m in modules if m.name == "db.labels")
    expect((labels.arguments, labels.returns, labels.is_write), ([], [{"name": "label", "type": "STRING"}], False),
           "db.labels's signature as GQLAlchemy parses it")
    listed = {r["label"] for r in db.execute_and_fetch("CALL db.labels() YIELD label RETURN label")}
    if not {"User", "Country", "City"} <= listed:
        raise AssertionError(f"db.labels() gave {listed}")
    return f"{len(modules)} procedures"


@check("transaction rolled back on error")
def failed_write(ctx):
    db = ctx["db"]
    before = list(db.execute_and_fetch("MATCH (n) RETURN count(n) AS c"))[0]["c"]
    try:
        db.execute("CREATE (:Temp) WITH 1 AS x RETURN 1 / 0")
    except GQLAlchemyError:
        pass
    else:
        raise AssertionError("division by zero did not fail")
    expect(list(db.execute_and_fetch("MATCH (n) RETURN count(n) AS c"))[0]["c"], before, "nodes after the failure")
    # the connection is still usable
    expect(list(db.execute_and_fetch("RETURN 1 AS one")), [{"one": 1}], "a query after the failure")
    return "nothing written"


@check("transactions listed and terminated")
def transactions(ctx):
    db = ctx["db"]
    expect(db.get_transactions(), [], "get_transactions with nothing running")
    # another client's explicit transaction, open between its queries
    other = mgclient.connect(host=ctx["host"], port=ctx["port"])
    other.cursor().execute("CREATE (:Open)")
    listed = db.get_transactions()
    if len(listed) != 1:
        raise AssertionError(f"get_transactions listed {listed}")
    tx = listed[0]
    expect((tx.query, tx.metadata), ([], {}), "query and metadata of a transaction between queries")
    terminated = db.terminate_transactions([tx.transaction_id])
    expect([(t.transaction_id, t.killed) for t in terminated], [(tx.transaction_id, True)], "terminate_transactions")
    try:
        other.commit()
    except mgclient.DatabaseError as e:
        if "terminated" not in str(e):
            raise AssertionError(f"unclear error for the terminated transaction: {e}")
    else:
        raise AssertionError("the terminated transaction committed")
    other.close()
    expect(list(db.execute_and_fetch("MATCH (n:Open) RETURN count(n) AS c")), [{"c": 0}], "nodes it created")
    return f"{tx.transaction_id} terminated"


@check("cleanup")
def cleanup(ctx):
    db = ctx["db"]
    db.ensure_constraints([])
    db.drop_indexes()
    db.drop_database()
    expect((db.get_indexes(), db.get_constraints()), ([], []), "schema after cleanup")
    return "empty again"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
