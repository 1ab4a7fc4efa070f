package io.memgraph.ha.compat.sdn.movies;

import java.util.List;
import org.springframework.data.neo4j.repository.Neo4jRepository;

/** Tags, whose ids are internal numeric ids. */
public interface TagRepository extends Neo4jRepository<Tag, Long> {
    List<Tag> findByNameStartingWith(String prefix);
}
