"""neomodel (Neo4j's Python OGM, over the official neo4j driver) against a memgraph_ha server.

Usage: python neomodel_check.py BOLT_URL      (e.g. bolt://neo4j:any@127.0.0.1:7687)

Does what a neomodel user does: the version probe (dbms.components), install_all_labels
(Neo4j 5 constraints and indexes, then SHOW INDEXES / SHOW CONSTRAINTS), StructuredNode save,
get, filter, exclude, order_by, slicing, relationships with properties, traversals,
db.cypher_query, transactions that commit and roll back, get_or_create, create_or_update,
delete, remove_all_labels and clear_neo4j_database. Prints "ok <check>: <detail>" per check and
"all N checks passed" at the end; exits 1 with a message at the first wrong answer. Run by
PythonToolsE2ETest.
"""

import datetime
import io
import sys

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    DateProperty,
    DateTimeProperty,
    FloatProperty,
    IntegerProperty,
    JSONProperty,
    Q,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
    UniqueIdProperty,
    db,
)
from neomodel.exceptions import ConstraintValidationFailed, DoesNotExist

from checks import Checks, expect


class Knows(StructuredRel):
    since = IntegerProperty(index=True)
    weight = FloatProperty(default=1.0)


class IsFrom(StructuredRel):
    """A model for IS_FROM too: neomodel resolves the relationships a filter through it returns."""


class Country(StructuredNode):
    code = StringProperty(unique_index=True, required=True)
    name = StringProperty(index=True)
    people = RelationshipFrom("Person", "IS_FROM", model=IsFrom)


class Person(StructuredNode):
    uid = UniqueIdProperty()
    name = StringProperty(unique_index=True, required=True)
    age = IntegerProperty(index=True, default=0)
    tags = ArrayProperty(StringProperty())
    active = BooleanProperty(default=True)
    born = DateProperty()
    seen = DateTimeProperty()
    extra = JSONProperty()
    country = RelationshipTo(Country, "IS_FROM", model=IsFrom)
    knows = RelationshipTo("Person", "KNOWS", model=Knows)


check = Checks()


def main(url):
    db.set_connection(url)
    try:
        return check.run()
    finally:
        db.close_connection()


@check("version probe")
def version():
    expect((db.database_version, db.database_edition), ("5.26.0", "community"), "dbms.components()")
    expect(db.version_is_higher_than("5.0"), True, "version_is_higher_than('5.0')")
    return f"Neo4j {db.database_version} {db.database_edition}"


@check("clear")
def clear():
    db.clear_neo4j_database(clear_constraints=True, clear_indexes=True)
    expect(db.cypher_query("MATCH (n) RETURN count(n)")[0], [[0]], "nodes after clear_neo4j_database")
    expect(db.list_constraints(), [], "constraints after clear")
    expect(db.list_indexes(exclude_token_lookup=True), [], "indexes after clear")
    return "empty"


@check("install_all_labels")
def install():
    out = io.StringIO()
    db.install_all_labels(stdout=out)
    constraints = {(c["name"], c["type"], tuple(c["labelsOrTypes"]), tuple(c["properties"]))
                   for c in db.list_constraints()}
    expect(constraints, {
        ("constraint_unique_Country_code", "UNIQUENESS", ("Country",), ("code",)),
        ("constraint_unique_Person_uid", "UNIQUENESS", ("Person",), ("uid",)),
        ("constraint_unique_Person_name", "UNIQUENESS", ("Person",), ("name",)),
    }, "SHOW CONSTRAINTS after install_all_labels")
    indexes = {(i["name"], i["type"], i["entityType"], tuple(i["labelsOrTypes"]), tuple(i["properties"]))
               for i in db.list_indexes(exclude_token_lookup=True)}
    expect(indexes, {
        ("index_Country_name", "RANGE", "NODE", ("Country",), ("name",)),
        ("index_Person_age", "RANGE", "NODE", ("Person",), ("age",)),
        ("index_KNOWS_since", "RANGE", "RELATIONSHIP", ("KNOWS",), ("since",)),
    }, "SHOW INDEXES after install_all_labels")
    # a second run finds everything there: Neo4j's 'equivalent ... already exists', which neomodel reports
    again = io.StringIO()
    db.install_all_labels(stdout=again)
    expect(again.getvalue().count("EquivalentSchemaRuleAlreadyExists"), 6, "second install_all_labels")
    return f"{len(constraints)} constraints, {len(indexes)} indexes"


@check("save and get")
def save_and_get():
    uk = Country(code="UK", name="United Kingdom").save()
    Country(code="FR", name="France").save()
    ada = Person(name="Ada", age=36, tags=["math", "poetry"], born=datetime.date(1815, 12, 10),
                 seen=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
                 extra={"notes": ["engine"], "n": 1}).save()
    Person(name="Alan", age=41).save()
    Person(name="Grace", age=85, active=False).save()
    got = Person.nodes.get(name="Ada")
    expect((got.element_id, got.age, got.tags, got.born, got.seen, got.extra, len(got.uid)),
           (ada.element_id, 36, ["math", "poetry"], datetime.date(1815, 12, 10),
            datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), {"notes": ["engine"], "n": 1}, 32),
           "Person.nodes.get(name='Ada')")
    expect(Country.nodes.get(code="UK").element_id, uk.element_id, "Country.nodes.get(code='UK')")
    try:
        Person.nodes.get(name="Nobody")
    except DoesNotExist:
        pass
    else:
        raise AssertionError("get of a missing person did not raise DoesNotExist")
    expect(Person.nodes.get_or_none(name="Nobody"), None, "get_or_none")
    return f"ada {ada.element_id}"


@check("filter, exclude, order_by, slices")
def filters():
    expect([p.name for p in Person.nodes.filter(age__gt=30).order_by("-age")], ["Grace", "Alan", "Ada"],
           "age > 30, oldest first")
    expect([p.name for p in Person.nodes.exclude(name="Ada").order_by("name")], ["Alan", "Grace"], "not Ada")
    expect([p.name for p in Person.nodes.filter(name__startswith="A", active=True).order_by("name")],
           ["Ada", "Alan"], "names starting with A, active")
    expect([p.name for p in Person.nodes.filter(Q(age__lt=40) | Q(name__icontains="RAC")).order_by("age")],
           ["Ada", "Grace"], "Q objects with OR")
    expect([p.name for p in Person.nodes.filter(name__in=["Ada", "Grace", "x"]).order_by("name")],
           ["Ada", "Grace"], "__in")
    expect([p.name for p in Person.nodes.order_by("name")[1:3]], ["Alan", "Grace"], "a slice")
    expect(len(Person.nodes), 3, "len(Person.nodes)")
    expect(Person.nodes.order_by("age").first().name, "Ada", "first()")
    return "6 filters"


@check("relationships with properties")
def relationships():
    ada, alan, grace = (Person.nodes.get(name=n) for n in ("Ada", "Alan", "Grace"))
    uk = Country.nodes.get(code="UK")
    ada.country.connect(uk)
    alan.country.connect(uk)
    rel = ada.knows.connect(alan, {"since": 1833, "weight": 0.5})
    ada.knows.connect(grace, {"since": 1950})
    expect((rel.since, rel.weight), (1833, 0.5), "the connected relationship")
    expect(ada.knows.relationship(alan).since, 1833, "relationship(alan)")
    expect(sorted(p.name for p in ada.knows.all()), ["Alan", "Grace"], "ada.knows.all()")
    expect([p.name for p in ada.knows.match(since__gt=1900)], ["Grace"], "ada.knows.match(since > 1900)")
    expect(sorted(p.name for p in uk.people.all()), ["Ada", "Alan"], "the country's people (incoming)")
    expect(ada.knows.is_connected(grace), True, "is_connected")
    ada.knows.disconnect(grace)
    expect(ada.knows.is_connected(grace), False, "is_connected after disconnect")
    expect([p.name for p in Person.nodes.has(country=True).order_by("name")], ["Ada", "Alan"],
           "people who have a country")
    expect([p.name for p in Person.nodes.has(knows=False).order_by("name")], ["Alan", "Grace"],
           "people who know nobody")
    # a filter through a relationship returns the rows of the whole path
    rows = list(Person.nodes.filter(country__code="UK").order_by("name"))
    expect([[type(v).__name__ for v in r] for r in rows], [["Person", "Country", "IsFrom"]] * 2,
           "filter through a relationship")
    return "IS_FROM and KNOWS"


@check("cypher_query")
def cypher():
    rows, cols = db.cypher_query("MATCH (p:Person) WHERE p.age >= $min RETURN p, p.name AS name ORDER BY name",
                                 {"min": 40}, resolve_objects=True)
    expect(cols, ["p", "name"], "columns")
    expect([(type(r[0]).__name__, r[1]) for r in rows], [("Person", "Alan"), ("Person", "Grace")],
           "rows resolved to Person objects")
    rows, _ = db.cypher_query("MATCH (a:Person {name: 'Ada'})-[k:KNOWS]->(b) RETURN k.since, b.name")
    expect(rows, [[1833, "Alan"]], "a relationship's property")
    return f"{len(rows)} row"


@check("transactions")
def transactions():
    with db.transaction:
        Person(name="Tx1", age=1).save()
        Person(name="Tx2", age=2).save()
    expect(len(Person.nodes.filter(name__startswith="Tx")), 2, "people after the committed transaction")
    try:
        with db.transaction:
            Person(name="Rolled", age=1).save()
            raise RuntimeError("abandon")
    except RuntimeError:
        pass
    expect(Person.nodes.get_or_none(name="Rolled"), None, "the rolled-back person")

    @db.transaction
    def add(name):
        return Person(name=name).save()

    add("Decorated")
    expect(Person.nodes.get(name="Decorated").age, 0, "written by a decorated function")
    return "commit, rollback, decorator"


@check("unique constraint")
def unique():
    try:
        Person(name="Ada").save()
    except ConstraintValidationFailed as e:
        if "Person" not in str(e):
            raise AssertionError(f"the constraint failure does not name the label: {e}")
    else:
        raise AssertionError("a second Person named Ada was saved")
    expect(len(Person.nodes.filter(name="Ada")), 1, "people named Ada")
    return "ConstraintValidationFailed"


@check("get_or_create and create_or_update")
def merges():
    created = Country.get_or_create({"code": "DE", "name": "Germany"}, {"code": "FR", "name": "France"})
    expect(sorted(c.code for c in created), ["DE", "FR"], "get_or_create")
    expect(len(Country.nodes), 3, "countries after get_or_create")
    Country.create_or_update({"code": "DE", "name": "Deutschland"})
    expect(Country.nodes.get(code="DE").name, "Deutschland", "after create_or_update")
    made = Person.create({"name": "Batch1", "age": 7}, {"name": "Batch2", "age": 8})
    expect([p.age for p in made], [7, 8], "Person.create of two")
    return f"{len(Country.nodes)} countries"


@check("update and delete")
def update_and_delete():
    alan = Person.nodes.get(name="Alan")
    alan.age = 42
    alan.save()
    expect(Person.nodes.get(name="Alan").age, 42, "age after save")
    alan.refresh()
    expect(alan.age, 42, "refresh")
    Person.nodes.get(name="Tx1").delete()
    expect(Person.nodes.get_or_none(name="Tx1"), None, "deleted person")
    return "saved and deleted"


@check("cleanup")
def cleanup():
    out = io.StringIO()
    db.remove_all_labels(stdout=out)
    expect(db.list_constraints(), [], "constraints after remove_all_labels")
    expect(db.list_indexes(exclude_token_lookup=True), [], "indexes after remove_all_labels")
    db.clear_neo4j_database()
    expect(db.cypher_query("MATCH (n) RETURN count(n)")[0], [[0]], "nodes after clear_neo4j_database")
    return "empty again"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
