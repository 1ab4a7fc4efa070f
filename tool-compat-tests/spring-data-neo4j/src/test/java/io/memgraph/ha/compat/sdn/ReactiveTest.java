package io.memgraph.ha.compat.sdn;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.compat.sdn.movies.Person;
import io.memgraph.ha.compat.sdn.movies.ReactivePersonRepository;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.ReactiveNeo4jClient;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The reactive repository and client, over the driver's reactive sessions. */
@SpringJUnitConfig(ReactiveConfig.class)
class ReactiveTest {
    @Autowired
    ReactivePersonRepository people;

    @Autowired
    ReactiveNeo4jClient client;

    @Autowired
    TransactionalOperator transactional;

    @BeforeEach
    void emptyGraph() {
        client.query("MATCH (n) DETACH DELETE n").run().block();
    }

    @Test
    void saveFindCountDelete() {
        List<Person> saved = people.saveAll(Flux.just(new Person("Ann", 1980), new Person("Bob", 1990), new Person("Cid", 2000)))
                .collectList().block();
        assertThat(saved).extracting(Person::getId).doesNotContainNull();

        StepVerifier.create(people.findByBornGreaterThanOrderByBorn(1985).map(Person::getName))
                .expectNext("Bob", "Cid").verifyComplete();
        StepVerifier.create(people.countByBornLessThan(1995)).expectNext(2L).verifyComplete();
        StepVerifier.create(people.findById(saved.get(0).getId()).map(Person::getName)).expectNext("Ann").verifyComplete();

        StepVerifier.create(people.deleteById(saved.get(0).getId()).then(people.count())).expectNext(2L).verifyComplete();
    }

    @Test
    void transactionalOperatorRollsBack() {
        Mono<Person> failing = people.save(new Person("Ann", 1980))
                .then(Mono.error(new IllegalStateException("boom")));
        StepVerifier.create(transactional.transactional(failing)).expectErrorMessage("boom").verify();
        StepVerifier.create(people.count()).expectNext(0L).verifyComplete();

        StepVerifier.create(transactional.transactional(people.save(new Person("Bob", 1990)).then(people.count())))
                .expectNext(1L).verifyComplete();
        StepVerifier.create(people.count()).expectNext(1L).verifyComplete();
    }

    @Test
    void reactiveClientStreamsRows() {
        StepVerifier.create(client.query("UNWIND range(1, 5) AS i RETURN i * 10 AS x").fetchAs(Long.class).all())
                .expectNext(10L, 20L, 30L, 40L, 50L).verifyComplete();
    }
}
