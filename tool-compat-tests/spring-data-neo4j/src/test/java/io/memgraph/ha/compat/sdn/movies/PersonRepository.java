package io.memgraph.ha.compat.sdn.movies;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.neo4j.repository.Neo4jRepository;
import org.springframework.data.neo4j.repository.query.Query;
import org.springframework.data.repository.query.Param;

/** People, whose ids are element ids. */
public interface PersonRepository extends Neo4jRepository<Person, String> {

    Optional<Person> findByName(String name);

    List<Person> findByNameAndBorn(String name, Integer born);

    List<Person> findByNameOrBorn(String name, Integer born);

    List<Person> findByBornGreaterThanEqualOrderByNameAsc(int born);

    List<Person> findByBornLessThan(int born, Pageable pageable);

    List<Person> findByNameLike(String pattern);

    List<Person> findByNameNot(String name);

    List<Person> findByNameEndingWith(String suffix);

    Optional<Person> findFirstByOrderByBornDesc();

    List<Person> findByFollowsName(String name);

    long countByBornBetween(int from, int to);

    boolean existsByName(String name);

    @Query("MATCH (p:Person) WHERE elementId(p) = $id RETURN p")
    Optional<Person> byElementId(@Param("id") String id);

    @Query("MATCH (p:Person {name: $name}) "
            + "OPTIONAL MATCH (p)-[f:FOLLOWS]->(o:Person) RETURN p, collect(f), collect(o)")
    Optional<Person> withFollows(@Param("name") String name);
}
