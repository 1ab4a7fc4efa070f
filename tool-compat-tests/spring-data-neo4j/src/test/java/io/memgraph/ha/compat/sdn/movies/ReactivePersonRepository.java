package io.memgraph.ha.compat.sdn.movies;

import org.springframework.data.neo4j.repository.ReactiveNeo4jRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reactive repository of people. */
public interface ReactivePersonRepository extends ReactiveNeo4jRepository<Person, String> {
    Flux<Person> findByBornGreaterThanOrderByBorn(int born);

    Mono<Long> countByBornLessThan(int born);
}
