package io.memgraph.ha.compat.sdn.movies;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.neo4j.repository.Neo4jRepository;

/** Studios, whose ids are UUIDs SDN generates. */
public interface StudioRepository extends Neo4jRepository<Studio, UUID> {
    Optional<Studio> findByName(String name);
}
